// Interoperability of microcred with Digital Bazaar's reference libraries, fully offline:
// every JSON-LD context comes from the repository's bundled context files, and did:key
// documents are derived from the key itself. Nothing is fetched from the network.
//
//   node interop.mjs prepare IN.json DID OUT.json   EDC sample -> credential issued by DID
//   node interop.mjs issue IN.json OUT.json         sign with a fresh did:key (eddsa-rdfc-2022)
//   node interop.mjs verify IN.json                 exit 0 when the credential verifies, 1 if not
//   node interop.mjs tamper IN.json OUT.json        change one signed value
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CONTEXTS = join(ROOT, 'crates', 'microcred-canon', 'contexts');

// The same URL -> file map as microcred-canon's bundled ContextStore.
const CONTEXT_FILES = {
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/ns/credentials/examples/v2': 'credentials-examples-v2.jsonld',
  'https://w3id.org/security/data-integrity/v1': 'data-integrity-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
  'https://w3id.org/security/suites/ed25519-2020/v1': 'ed25519-2020-v1.jsonld',
  'http://data.europa.eu/snb/model/context/edc-ap': 'edc-ap.jsonld',
};

// The edc-w3c envelope (microcred_model::context::Envelope::EdcW3c).
const EDC_W3C = [
  'https://www.w3.org/2018/credentials/v1',
  'http://data.europa.eu/snb/model/context/edc-ap',
  'https://w3id.org/security/data-integrity/v2',
  'https://www.w3.org/ns/credentials/status/v1',
];

function didKeyDocument(url) {
  const [did, fragment] = url.split('#');
  const multibase = did.slice('did:key:'.length);
  const method = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: `${did}#${multibase}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: multibase,
  };
  if(fragment !== undefined) {
    if(fragment !== multibase) {
      throw new Error(`offline loader: ${url} is not a key of ${did}`);
    }
    return method;
  }
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [method],
    assertionMethod: [method.id],
    authentication: [method.id],
  };
}

async function documentLoader(url) {
  const file = CONTEXT_FILES[url];
  if(file) {
    const document = JSON.parse(readFileSync(join(CONTEXTS, file), 'utf8'));
    return {contextUrl: null, documentUrl: url, document};
  }
  if(url.startsWith('did:key:z6Mk')) {
    return {contextUrl: null, documentUrl: url, document: didKeyDocument(url)};
  }
  throw new Error(`offline loader: no document for ${url} (never fetched)`);
}

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path, value) => writeFileSync(path, JSON.stringify(value, null, 2) + '\n');

// Replace every reference to the sample's issuer organisation with `did`; VC 1.1 requires
// issuanceDate, which EDC adds when sealing: take it from validFrom.
function prepare(credential, did) {
  const text = JSON.stringify(credential).replaceAll('"urn:epass:org:1"', JSON.stringify(did));
  const prepared = JSON.parse(text);
  if(!prepared.issuanceDate && prepared.validFrom) {
    prepared.issuanceDate = prepared.validFrom;
  }
  return prepared;
}

async function issue(input, output) {
  const keyPair = await Ed25519Multikey.generate();
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  const credential = prepare(readJson(input), did);
  credential['@context'] = EDC_W3C;
  const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022});
  const signed = await vc.issue({credential, suite, documentLoader});
  writeJson(output, signed);
  console.log(did);
}

async function verify(input) {
  const credential = readJson(input);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const result = await vc.verifyCredential({credential, suite, documentLoader});
  if(result.verified) {
    console.log(`verified: ${input}`);
    return 0;
  }
  const errors = [result.error, ...(result.results || []).map(r => r.error)]
    .filter(Boolean)
    .flatMap(e => (e.errors ? e.errors : [e]))
    .map(e => e.message || String(e));
  console.log(`NOT verified: ${input}: ${errors.join('; ')}`);
  return 1;
}

function tamper(input, output) {
  const credential = readJson(input);
  credential.credentialSubject.id = 'did:example:someone-else';
  writeJson(output, credential);
}

const [command, ...args] = process.argv.slice(2);
try {
  switch(command) {
    case 'prepare':
      writeJson(args[2], prepare(readJson(args[0]), args[1]));
      break;
    case 'issue':
      await issue(args[0], args[1]);
      break;
    case 'verify':
      process.exitCode = await verify(args[0]);
      break;
    case 'tamper':
      tamper(args[0], args[1]);
      break;
    default:
      console.error('usage: interop.mjs prepare|issue|verify|tamper ...');
      process.exitCode = 2;
  }
} catch(e) {
  console.error(`interop.mjs ${command}: ${e.stack || e}`);
  process.exitCode = 2;
}
