// The dossiers' text limits, in characters: one source for the server's schemas (api.ts, which the
// contract shows as maxLength) and the desk's fields (maxlength). No zod here: the client imports it.

/** Any filing text without a limit of its own: a name, a street, a city, an e-mail address… */
export const TEXT_MAX = 200;
/** The works' description (private: the public sees the objet affiché). */
export const DESCRIPTION_MAX = 4000;
export const POSTCODE_MAX = 10;
export const PHONE_MAX = 30;
/** The architect's registration number at the Ordre des architectes. */
export const REGISTRATION_MAX = 30;
/** The public "objet affiché" (map, register, open data). */
export const OBJET_MAX = 300;
/** An internal note. */
export const NOTE_MAX = 4000;
