import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, importSPKI, type CryptoKey } from 'jose';

export const DEV_PRIVATE_KEY_FILE = 'dev-issuer-private.pem';
export const DEV_PUBLIC_KEY_FILE = 'dev-issuer-public.pem';

export interface DevKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeyPem: string;
  /** RFC 7638 thumbprint of the public key: stable for a key pair, so every process agrees on it. */
  keyId: string;
}

function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
}

/** Written in full and flushed under a private name, so no reader ever sees half a key. */
async function writeTempFile(dataDir: string, name: string, content: string, mode: number): Promise<string> {
  const path = join(dataDir, `.${name}.${String(process.pid)}.${randomUUID()}.tmp`);
  const file = await open(path, 'wx', mode);
  try {
    await file.writeFile(content, 'utf8');
    await file.chmod(mode);
    await file.sync();
  } finally {
    await file.close();
  }
  return path;
}

/**
 * Two processes may start at once on an empty data directory. `link` refuses an existing target,
 * so exactly one private key is published and the other process adopts it.
 */
async function publishPrivateKey(dataDir: string, pem: string): Promise<string> {
  const target = join(dataDir, DEV_PRIVATE_KEY_FILE);
  const temp = await writeTempFile(dataDir, DEV_PRIVATE_KEY_FILE, pem, 0o600);
  try {
    await link(temp, target);
    return pem;
  } catch (error) {
    if (hasErrorCode(error, 'EEXIST')) {
      return await readFile(target, 'utf8');
    }
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function createPrivateKeyPem(dataDir: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return publishPrivateKey(dataDir, await exportPKCS8(privateKey));
}

interface ParsedKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** The public key is always derived from the private one, so the pair can never disagree. */
function parsePrivateKeyPem(dataDir: string, pem: string): ParsedKeyPair {
  try {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'rsa') {
      throw new Error(`expected an RSA key, found ${privateKey.asymmetricKeyType ?? 'unknown'}`);
    }
    return {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    };
  } catch (cause) {
    const path = join(dataDir, DEV_PRIVATE_KEY_FILE);
    throw new Error(`${path} is not a PEM RSA private key; delete it to create a new dev issuer key pair`, { cause });
  }
}

/** A copy for tools that verify dev tokens; same content from every process, so replacing it is safe. */
async function writePublicKeyFile(dataDir: string, publicKeyPem: string): Promise<void> {
  const target = join(dataDir, DEV_PUBLIC_KEY_FILE);
  if ((await readIfExists(target)) === publicKeyPem) {
    return;
  }
  const temp = await writeTempFile(dataDir, DEV_PUBLIC_KEY_FILE, publicKeyPem, 0o644);
  await rename(temp, target);
}

/** The dev issuer's RS256 key pair in `dataDir`, created on first use. */
export async function loadOrCreateDevKeyPair(dataDir: string): Promise<DevKeyPair> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const storedPem =
    (await readIfExists(join(dataDir, DEV_PRIVATE_KEY_FILE))) ?? (await createPrivateKeyPem(dataDir));
  const { privateKeyPem, publicKeyPem } = parsePrivateKeyPem(dataDir, storedPem);
  await writePublicKeyFile(dataDir, publicKeyPem);
  const privateKey = await importPKCS8(privateKeyPem, 'RS256');
  const publicKey = await importSPKI(publicKeyPem, 'RS256', { extractable: true });
  const keyId = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { privateKey, publicKey, publicKeyPem, keyId };
}
