import { createTheme } from '@mantine/core';

/** Large, touch-friendly defaults for a counter PC (1366×768 and up). */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    Button: { defaultProps: { size: 'md' } },
  },
});
