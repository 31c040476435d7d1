// swagger-ui-dist ships no types; Terrier uses only the folder of its built assets.
declare module 'swagger-ui-dist' {
  const swaggerUi: { getAbsoluteFSPath(): string };
  export default swaggerUi;
}
