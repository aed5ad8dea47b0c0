import { describe, expect, test } from 'vitest';
import { findVersions, versionSupported } from './versions.js';

const versions = (text: string, product: string | null = 'acme-server', strong = false) =>
  findVersions(text.split('\n').map((t, i) => ({ text: t, offset: i * 1000, strong })), product, 20).map((v) => v.value);

describe('versions: normalised as test/corpus/README.md says', () => {
  test.each([
    ['an exact version stays as written', 'Tested on version 3.2', ['3.2']],
    ['"before 3.2.1" is <3.2.1', 'acme-server before 3.2.1 is affected', ['<3.2.1']],
    ['"prior to 3.2" fills the patch part', 'all versions prior to 3.2', ['<3.2.0']],
    ['"avant la 2.4.1" is <2.4.1', 'Toutes les versions avant la 2.4.1.', ['<2.4.1']],
    ['"2.2.4 and earlier" is <=2.2.4', 'acme-server 2.2.4 and earlier.', ['<=2.2.4']],
    ['"up to 4.1.2" is <=4.1.2', 'no CSRF token, up to 4.1.2 at least', ['<=4.1.2']],
    ['"<= 2.2.4" is <=2.2.4', 'libbar <= 2.2.4: a PNG', ['<=2.2.4']],
    ['"3.0 and later" is >=3.0.0', 'foo-cms 3.0 and later', ['>=3.0.0']],
    ['"4.0 et versions ultérieures" is >=4.0.0', 'acme-web 4.0 et versions ultérieures.', ['>=4.0.0']],
    ['"3.x" stays 3.x', 'widgetd 3.x and 4.0.0.', ['3.x', '4.0.0']],
    ['"2.2.x" stays 2.2.x', 'Affected: 2.2.x only', ['2.2.x']],
    ['"all 3 versions" is 3.x', 'all 3 versions are vulnerable', ['3.x']],
    ['"2.0 to 2.3.x" is >=2.0.0 <2.4.0', 'versions 2.0 to 2.3.x', ['>=2.0.0 <2.4.0']],
    ['"between 2.0 and 2.4 (exclusive)" is >=2.0.0 <2.4.0', 'between 2.0 and 2.4 (exclusive)', ['>=2.0.0 <2.4.0']],
    ['a list of versions keeps its order', 'Versions 1.4.0 and 1.4.1 tested, both vulnerable.', ['1.4.0', '1.4.1']],
    ['a version after the product name counts', 'nimbus-sync server 0.9.4 deserializes the cookie', ['0.9.4'], 'nimbus-sync'],
  ])('%s', (_name, text, expected, product = 'acme-server') => {
    expect(versions(text, product)).toEqual(expected);
  });

  test.each([
    ['an exact version that bounds a range is not repeated', 'All versions prior to 3.2.1. 3.2.1 switched the engine and is not affected.', ['<3.2.1']],
    ['a fixed version is not affected', 'version 3.2.0 is vulnerable, fixed in 3.2.1', ['3.2.0']],
    ['a version the reporter could not test is not claimed', 'zeta-sso 2.2.4 and earlier. I could not test 3.x as I have no licence.', ['<=2.2.4']],
    ['OS and browser versions are not product versions', 'Verified on Ubuntu 24.04 and Firefox 128.0 with version 1.2.3', ['1.2.3']],
    ['an IP address is not a version', 'version 1.2.3 on host 10.0.0.12', ['1.2.3']],
    ['a date is not a version', 'version 1.2.3 released 2026.01.15', ['1.2.3']],
    ['HTTP/1.1 and XML prologs are not versions', 'GET / HTTP/1.1 <?xml version="1.0"?>', []],
    ['a number without a version word is not a version', 'the response took 2.5 seconds', []],
  ])('%s', (_name, text, expected) => {
    expect(versions(text)).toEqual(expected);
  });

  test('bare versions count in a versions section', () => {
    expect(versions('3.5.0, 3.5.1', null, true)).toEqual(['3.5.0', '3.5.1']);
  });
});

describe('versions: supported ranges from policy', () => {
  test.each([
    ['an exact version inside 3.x is supported', ['3.2.1'], ['3.x', '2.2.x'], true],
    ['a range overlapping 2.2.x is supported', ['<=2.2.4'], ['3.x', '2.2.x'], true],
    ['1.x only is unsupported', ['1.4.0', '1.4.1'], ['3.x', '2.2.x'], false],
    ['"before 2.0" is unsupported when only 3.x is', ['<2.0.0'], ['3.x'], false],
    ['a wildcard entry intersects a wildcard range', ['3.x'], ['3.x'], true],
    ['a two-part exact version means its line', ['3.2'], ['3.2.x'], true],
    ['no versions cannot be compared', [], ['3.x'], null],
    ['no policy ranges cannot be compared', ['3.2.1'], [], null],
    ['garbage does not throw', ['not a version'], ['also garbage'], null],
  ])('%s', (_name, affected, supported, expected) => {
    expect(versionSupported(affected, supported)).toBe(expected);
  });
});
