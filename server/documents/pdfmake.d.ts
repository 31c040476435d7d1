// pdfmake 0.3 ships no types; the little this module uses.
declare module 'pdfmake' {
  const pdfmake: {
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    setFonts(fonts: Record<string, Record<string, string>>): void;
    createPdf(definition: Record<string, unknown>): { getBuffer(): Promise<Uint8Array> };
  };
  export default pdfmake;
}
