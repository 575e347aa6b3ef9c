// The part of the `hyphen` package (ISC) kompendium uses: Liang's algorithm with hyph-utf8's German patterns for
// the reformed spelling. The package ships no type declarations.
declare module 'hyphen/de-1996/index.js' {
  interface HyphenOptions {
    hyphenChar?: string;
    minWordLength?: number;
    exceptions?: string[];
  }
  const german: {
    hyphenateSync: (text: string, options?: HyphenOptions) => string;
  };
  export default german;
}
