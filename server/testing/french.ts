// A heuristic for tests: the English words a message meant for a French user must not contain
// (every error a user can see is French; the code is what stays English).
const ENGLISH = /\b(the|must|is|are|not|of|give|unknown|invalid|allowed|cannot|got|should|missing|required|expected|only|already|before|between|least|most|too|please|try|again|does|exist)\b/gi;

/** The English words found in a message ([] for a French one). */
export function englishWords(message: string): string[] {
  // Quoted names (« payload.service », "REQUEST_PIECES") are the API's, not prose.
  const prose = message.replace(/«[^»]*»/g, '').replace(/"[^"]*"/g, '');
  return [...prose.matchAll(ENGLISH)].map((m) => m[0]);
}
