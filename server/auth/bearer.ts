const BEARER = /^Bearer +([^\s]+) *$/i;

/** The bearer token of an `Authorization` header, if it carries one (RFC 6750). */
export function bearerOfHeader(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}
