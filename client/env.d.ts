/// <reference types="vite/client" />

// The client reads no build-time variable of its own: the map backgrounds come from the server's
// TERRIER_BACKGROUNDS (GET /api/backgrounds), see client/background.ts.
