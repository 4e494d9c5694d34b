/** A message or a name in both of the importer's languages: Chinese first, then English. */
export interface Words {
  readonly zh: string
  readonly en: string
}
