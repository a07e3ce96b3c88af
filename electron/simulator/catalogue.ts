// The simulator's product catalogue: by default the 12 networks / 190 product ids / 380 rows that
// Smartcall's QA service answered on 18 Feb 2018 (`test_networks`), shipped as data inside the
// project so training mode needs nothing from the test fixtures.
import { percentToBasisPoints, randsToCents } from '../../shared/money';
import defaultCatalogueJson from './data/catalogue.json';
import { Fixed, javaHash, toWireJson, type WireValue } from './wire-format';

/** One product row as Smartcall lists it (each id appears twice: smsIndicator false and true). */
export type CatalogueProduct = {
  id: number;
  name: string;
  description: string;
  typeCode: string | null;
  minAmount: number;
  maxAmount: number;
  discountPercentage: number;
  retailValue: number;
  pinIndicator: boolean;
  smsIndicator: boolean;
};

/** A product type inside a network. */
export type CatalogueProductType = {
  id: number;
  code: string | null;
  description: string;
  fixedAmount: boolean;
  products: CatalogueProduct[];
};

/** One network with its product types. */
export type CatalogueNetwork = { id: number; description: string; productTypes: CatalogueProductType[] };

/** The whole catalogue, as `GET /smartload/networks` returns it. */
export type CatalogueData = { networks: CatalogueNetwork[] };

/** What the rules need to know about a product id (the smsIndicator=false row). */
export type ProductRule = {
  id: number;
  name: string;
  networkId: number;
  networkDescription: string;
  fixedAmount: boolean;
  pinIndicator: boolean;
  minCents: number;
  maxCents: number;
  retailCents: number;
  /** Dealer discount in basis points (5.5 % = 550). */
  discountBp: number;
  /** The same discount as Smartcall prints it (5.5). */
  discountPercentage: number;
  electricity: boolean;
};

/** The default catalogue (a deep copy, so a test may change its own). */
export function defaultCatalogue(): CatalogueData {
  return structuredClone(defaultCatalogueJson as CatalogueData);
}

const four = (n: number): Fixed => new Fixed(n, 4);

function productWire(p: CatalogueProduct): WireValue {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    typeCode: p.typeCode,
    minAmount: four(p.minAmount),
    maxAmount: four(p.maxAmount),
    discountPercentage: four(p.discountPercentage),
    retailValue: four(p.retailValue),
    pinIndicator: p.pinIndicator,
    smsIndicator: p.smsIndicator,
  };
}

function networkWire(n: CatalogueNetwork): WireValue {
  return {
    id: n.id,
    description: n.description,
    productTypes: n.productTypes.map((t) => ({
      id: t.id,
      code: t.code,
      description: t.description,
      fixedAmount: t.fixedAmount,
      products: t.products.map(productWire),
    })),
  };
}

/** A serialised answer with its Etag (unquoted signed integer, stable per content). */
export type CachedBody = { json: string; etag: string };

const cached = (value: WireValue): CachedBody => {
  const json = toWireJson(value);
  return { json, etag: String(javaHash(json)) };
};

/** The catalogue indexed for the rules and pre-serialised for the three catalogue endpoints. */
export class Catalogue {
  readonly all: CachedBody;
  private readonly networks = new Map<number, CachedBody>();
  private readonly products = new Map<number, CachedBody>();
  private readonly rules = new Map<number, ProductRule>();

  constructor(readonly data: CatalogueData) {
    this.all = cached({ networks: data.networks.map(networkWire) });
    const rows = new Map<number, CatalogueProduct[]>();
    for (const n of data.networks) {
      this.networks.set(n.id, cached(networkWire(n)));
      for (const t of n.productTypes) {
        for (const p of t.products) {
          const list = rows.get(p.id) ?? [];
          list.push(p);
          rows.set(p.id, list);
          if (!this.rules.has(p.id) || !p.smsIndicator) {
            this.rules.set(p.id, {
              id: p.id,
              name: p.name,
              networkId: n.id,
              networkDescription: n.description,
              fixedAmount: t.fixedAmount,
              pinIndicator: p.pinIndicator,
              minCents: randsToCents(p.minAmount, 'round'),
              maxCents: randsToCents(p.maxAmount, 'round'),
              retailCents: randsToCents(p.retailValue, 'round'),
              discountBp: percentToBasisPoints(p.discountPercentage),
              discountPercentage: p.discountPercentage,
              electricity: n.description.startsWith('Electricity'),
            });
          }
        }
      }
    }
    for (const [id, list] of rows) this.products.set(id, cached({ products: list.map(productWire) }));
  }

  /** `GET /smartload/networks/{id}` body, or undefined for an unknown network. */
  network(id: number): CachedBody | undefined {
    return this.networks.get(id);
  }

  /** `GET /smartload/products/{id}` body, or undefined for an unknown product. */
  product(id: number): CachedBody | undefined {
    return this.products.get(id);
  }

  /** The rule view of a product id, or undefined. */
  rule(id: number): ProductRule | undefined {
    return this.rules.get(id);
  }

  /** Every product id's rule view. */
  allRules(): ProductRule[] {
    return [...this.rules.values()];
  }
}
