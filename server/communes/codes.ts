// The national identifiers every module checks: a commune's INSEE code (Corsica 2A/2B) and an Etalab
// parcel id = INSEE(5) + prefixe(3) + section(2, zero-padded) + numero(4). The same rules are the
// CHECK constraints of sql/migrations.
export const INSEE = /^([0-9]{2}|2A|2B)[0-9]{3}$/;
export const PARCEL_ID = /^([0-9]{2}|2A|2B|97[0-9])[0-9]{3}[0-9]{3}[0-9A-Z]{2}[0-9]{4}$/;
