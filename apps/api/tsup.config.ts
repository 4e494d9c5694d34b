// The server as one bundle: `node dist/serve.js` (see tsup.apps.ts).
import { appBundle } from "../../tsup.apps.ts"

export default appBundle("src/serve.ts")
