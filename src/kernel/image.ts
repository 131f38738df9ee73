// The contents of a simulated `.ko` file: what `make` (src/manifest/build.ts) writes and what
// init_module(2) reads. A real .ko is an ELF object; ours is the ELF magic followed by JSON, so
// that `insmod` of a file that is not a module fails the way the kernel's elf_validity_check()
// does ("Invalid ELF header magic: != \177ELF", -ENOEXEC).

export const PARAM_TYPES = [
  'byte', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'charp', 'bool', 'invbool',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** A default value as written in a manifest (numbers are integers; charp may be null). */
export type ParamScalar = number | string | boolean | null;

export interface ParamSpec {
  name: string;
  type: ParamType;
  /** Octal sysfs permission, e.g. 0o644; 0 means no /sys/module/NAME/parameters entry. */
  perm: number;
  description?: string;
  /** Max number of elements: present only for module_param_array. */
  array?: number;
  /** Default value(s) as written in the source (for arrays: the initial elements). */
  default?: ParamScalar | ParamScalar[];
}

export interface ExportSpec {
  symbol: string;
  gpl: boolean;
}

/** printk levels: KERN_EMERG = 0 ... KERN_DEBUG = 7. */
export const LOG_LEVELS = [
  'KERN_EMERG', 'KERN_ALERT', 'KERN_CRIT', 'KERN_ERR',
  'KERN_WARNING', 'KERN_NOTICE', 'KERN_INFO', 'KERN_DEBUG',
] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * One statement of a module's init or exit function (PRODUCT.md §5). Each runs as one step.
 * `as` names a variable that later statements (`kfree: buf`, `if_error`, printk args) refer to.
 */
export type Statement =
  /** With `repeat`, a loop: for (i = 0; i < repeat; i++) printk(...), and `i` may be an arg. */
  | { op: 'printk'; level: number; text: string; args: string[]; repeat?: number }
  | { op: 'kmalloc'; as: string; size: number; flags: string }
  | { op: 'kfree'; var: string }
  | { op: 'vmalloc'; as: string; size: number }
  | { op: 'vfree'; var: string }
  | { op: 'alloc_pages'; as: string; order: number }
  | { op: 'free_pages'; var: string }
  | { op: 'kmem_cache_create'; as: string; name: string; objectSize: number }
  | { op: 'kmem_cache_alloc'; as: string; cache: string }
  | { op: 'kmem_cache_free'; cache: string; var: string }
  | { op: 'kmem_cache_destroy'; cache: string }
  /** Call an imported function; `result` is what it returns (default 0). */
  | { op: 'call'; symbol: string; result: number; as?: string }
  | { op: 'request_module'; name: string; as?: string }
  /** major 0 asks for a dynamic major, as register_chrdev() does. */
  | { op: 'register_chrdev'; name: string; major: number; as?: string }
  | { op: 'unregister_chrdev'; name: string }
  /** Jump if the previous statement failed (NULL, ERR_PTR or a negative return). */
  | { op: 'if_error'; goto: string }
  | { op: 'label'; name: string }
  /** A negative errno, 0, or (suspiciously) a positive value. */
  | { op: 'return'; value: number };

export interface ModuleImage {
  name: string;
  /** modinfo: license, author, description, version, alias..., softdep, srcversion, vermagic... */
  license?: string;
  author?: string;
  description?: string;
  version?: string;
  alias: string[];
  softdep: { pre: string[]; post: string[] };
  /** Real modules' modinfo softdep values exactly as stored (e.g. "pre: crc32c"), when known. */
  softdepRaw?: string[];
  vermagic: string;
  srcversion: string;
  /** in-tree modules carry modinfo intree=Y; manifests built by a user are out-of-tree. */
  intree: boolean;
  /** Carries a valid appended signature (Debian's own modules do; a user's build does not). */
  signed: boolean;
  /** modinfo staging=Y: a drivers/staging module (taints C). */
  staging?: boolean;
  /** A real module's .modinfo as stored, key by key, for modinfo to print exactly. */
  modinfo?: Array<[string, string]>;
  params: ParamSpec[];
  exports: ExportSpec[];
  /** Every undefined symbol, in the order the build found them. */
  imports: string[];
  /** Section sizes in bytes (multiples of 4096, as lsmod shows). */
  size: { core: number; init: number };
  /** null: the module has no init function (module_init absent). */
  init: Statement[] | null;
  /** null: no exit function; such a module can only be removed with rmmod -f. */
  exit: Statement[] | null;
  /** modinfo `depends`: the modules modpost found providing the imports (comma-joined by modinfo). */
  depends?: string[];
  /** Where the image was built from (for messages); not part of the kernel's view. */
  source?: string;
}

export const ELF_MAGIC = '\u007fELF';

export function encodeModuleImage(image: ModuleImage): string {
  return ELF_MAGIC + JSON.stringify(image);
}

/** Decoded images, by their bytes. A load reads its image more than once, depmod reads every
 * module at boot, modprobe and modinfo read them again, and the image then goes into the state:
 * decoding each once, frozen, spares the JSON parse and lets the end of an action skip the whole
 * image (cow.ts). Room for a distribution's whole module tree (Debian's 4,023 images take
 * about 12 MiB), the oldest going first beyond that. */
const DECODED = new Map<string, ModuleImage | null>();
const DECODED_MAX = 8192;

/** Returns the image, or null when the bytes are not a module this simulation built. The image
 * is deeply frozen and may be shared: never change it. */
export function decodeModuleImage(bytes: string): ModuleImage | null {
  const hit = DECODED.get(bytes);
  if (hit !== undefined) return hit;
  const image = parseImage(bytes);
  if (DECODED.size >= DECODED_MAX) DECODED.delete(DECODED.keys().next().value!);
  DECODED.set(bytes, image);
  return image;
}

/** Encodes an image and remembers it as the decoding of its bytes (a machine booted with a whole
 * module tree, e.g. the real catalogue, then does not parse every image again at depmod). The
 * image is frozen: never change it afterwards. It must be plain JSON data, as decoding gives. */
export function encodeRemembered(image: ModuleImage): string {
  const bytes = encodeModuleImage(image);
  if (!DECODED.has(bytes)) {
    if (DECODED.size >= DECODED_MAX) DECODED.delete(DECODED.keys().next().value!);
    DECODED.set(bytes, deepFreeze(image));
  }
  return bytes;
}

function parseImage(bytes: string): ModuleImage | null {
  if (!bytes.startsWith(ELF_MAGIC)) return null;
  try {
    const image = JSON.parse(bytes.slice(ELF_MAGIC.length)) as ModuleImage;
    return typeof image === 'object' && image !== null && typeof image.name === 'string' ? deepFreeze(image) : null;
  } catch {
    return null;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
