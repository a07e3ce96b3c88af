// The JBoss Web container's HTML error pages, as Smartcall's QA server sends them (OBSERVED for 415,
// FROM-CLIENT-CODE for the 5xx "Exception report" the PHP client scrapes).

const STYLE =
  '<style><!--H1 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:22px;} H2 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:16px;} H3 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:14px;} BODY {font-family:Tahoma,Arial,sans-serif;color:black;background-color:white;} B {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;} P {font-family:Tahoma,Arial,sans-serif;background:white;color:black;font-size:12px;}A {color : black;}A.name {color : black;}HR {color : #525D76;}--></style>';
const SERVER = 'JBoss Web/7.5.7.Final-redhat-1';

/** The 415 "Status report" page (byte-for-byte the recorded one). */
export const HTML_415 = `<html><head><title>${SERVER} - JBWEB000064: Error report</title>${STYLE} </head><body><h1>JBWEB000065: HTTP Status 415 - </h1><HR size="1" noshade="noshade"><p><b>JBWEB000309: type</b> JBWEB000067: Status report</p><p><b>JBWEB000068: message</b> <u></u></p><p><b>JBWEB000069: description</b> <u>JBWEB000135: The server refused this request because the request entity is in a format not supported by the requested resource for the requested method.</u></p><HR size="1" noshade="noshade"><h3>${SERVER}</h3></body></html>`;

/** A 5xx "Exception report" page with a message (HTML-escaped). */
export function exceptionReport(status: number, message: string): string {
  const esc = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<html><head><title>${SERVER} - JBWEB000064: Error report</title>${STYLE} </head><body><h1>JBWEB000065: HTTP Status ${status} - ${esc}</h1><HR size="1" noshade="noshade"><p><b>JBWEB000309: type</b> JBWEB000066: Exception report</p><p><b>JBWEB000068: message</b> <u>${esc}</u></p><p><b>JBWEB000069: description</b> <u>JBWEB000145: The server encountered an internal error that prevented it from fulfilling this request.</u></p><p><b>JBWEB000070: exception</b> <pre>org.jboss.resteasy.spi.UnhandledException: ${esc}</pre></p><HR size="1" noshade="noshade"><h3>${SERVER}</h3></body></html>`;
}
