// bishui-import as one bundle: `dist/launch.js`, the package's `bin` (see tsup.apps.ts).
import { appBundle } from "../../tsup.apps.ts"

export default appBundle("src/launch.ts")
