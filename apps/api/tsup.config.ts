// The server as one bundle: `node dist/serve.js` (see tsup.apps.ts). sharp stays outside it: its
// native libvips is loaded from node_modules at run time.
import { appBundle } from "../../tsup.apps.ts"

export default appBundle("src/serve.ts", { external: ["sharp"] })
