/** Who is calling: a person through a session token, or through one of their PATs (DESIGN §3). */
export type Principal =
  | { kind: "session"; userId: string }
  | { kind: "pat"; userId: string; patId: string };
