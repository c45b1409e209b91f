// Types for the userland `punycode` package (it ships none). Imported by its file path so
// that Node never substitutes its deprecated built-in `punycode` module.
declare module "punycode/punycode.js" {
  const punycode: {
    encode(input: string): string;
    decode(input: string): string;
    toASCII(domain: string): string;
    toUnicode(domain: string): string;
  };
  export default punycode;
}
