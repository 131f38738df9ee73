// Minimal ELF64 little-endian reader for kernel modules (.ko, ET_REL, x86-64): section headers,
// the symbol table, .modinfo, and the appended module signature. Enough for the catalogue; it
// does what readelf -S, nm and modinfo read, without spawning them for each of 4,000 files.

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
/** The kernel's own flag for .data..ro_after_init and __jump_table (include/linux/module.h / elf.h). */
export const SHF_RO_AFTER_INIT = 0x00200000;
export const SHT_SYMTAB = 2;
export const SHN_UNDEF = 0;
export const PAGE_SIZE = 4096;

const SIG_MAGIC = '~Module signature appended~\n';

/** @param {Buffer} buf */
export function parseElf(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (buf[4] !== 2 || buf[5] !== 1) throw new Error('not ELF64 little-endian');
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  if (shentsize !== 64) throw new Error(`unexpected e_shentsize ${shentsize}`);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * 64;
    sections.push({
      index: i,
      nameOff: buf.readUInt32LE(o),
      name: '',
      type: buf.readUInt32LE(o + 4),
      flags: Number(buf.readBigUInt64LE(o + 8)),
      offset: Number(buf.readBigUInt64LE(o + 0x18)),
      size: Number(buf.readBigUInt64LE(o + 0x20)),
      link: buf.readUInt32LE(o + 0x28),
      addralign: Number(buf.readBigUInt64LE(o + 0x30)),
      entsize: Number(buf.readBigUInt64LE(o + 0x38)),
    });
  }
  const shstr = sections[shstrndx];
  for (const s of sections) s.name = cstring(buf, shstr.offset + s.nameOff);

  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  const symbols = [];
  if (symtab) {
    const strtab = sections[symtab.link];
    for (let o = symtab.offset; o + 24 <= symtab.offset + symtab.size; o += 24) {
      const nameOff = buf.readUInt32LE(o);
      const info = buf[o + 4];
      symbols.push({
        nameOff,
        name: nameOff ? cstring(buf, strtab.offset + nameOff) : '',
        bind: info >> 4,
        type: info & 0xf,
        shndx: buf.readUInt16LE(o + 6),
      });
    }
  }
  return { sections, symbols, symtab, buf };
}

function cstring(buf, start) {
  let end = start;
  while (buf[end] !== 0) end++;
  return buf.toString('utf8', start, end);
}

/** `.modinfo` as [key, value] pairs in section order (what modinfo walks). */
export function modinfoEntries(elf) {
  const sec = elf.sections.find((s) => s.name === '.modinfo');
  if (!sec) return [];
  const out = [];
  const end = sec.offset + sec.size;
  let p = sec.offset;
  while (p < end) {
    if (elf.buf[p] === 0) { p++; continue; }
    let q = p;
    while (q < end && elf.buf[q] !== 0) q++;
    const s = elf.buf.toString('utf8', p, q);
    const eq = s.indexOf('=');
    if (eq > 0) out.push([s.slice(0, eq), s.slice(eq + 1)]);
    p = q + 1;
  }
  return out;
}

/** True when the file ends with the magic that scripts/sign-file appends. */
export function isSigned(buf) {
  return buf.length > SIG_MAGIC.length && buf.toString('latin1', buf.length - SIG_MAGIC.length) === SIG_MAGIC;
}

const alignUp = (n, a) => (a > 1 ? Math.ceil(n / a) * a : n);

/**
 * Core size as /proc/modules and lsmod show it after init (Linux 6.1, x86-64, where
 * data_layout is core_layout): kernel/module/main.c layout_and_allocate() + layout_sections()
 * and kernel/module/kallsyms.c layout_symtab() with CONFIG_KALLSYMS_ALL=y and
 * CONFIG_MODULE_UNLOAD=y. See shared/ORACLE-DETAILS.md §2.
 */
export function coreSize(elf, { livepatch = false } = {}) {
  const secs = elf.sections.map((s) => ({ ...s, placed: false, init: false }));
  const byName = (n) => secs.find((s, i) => i > 0 && s.name === n);
  // rewrite_section_headers(): modinfo and __versions are tracked but not kept.
  for (const n of ['__versions', '.modinfo']) { const s = byName(n); if (s) s.flags &= ~SHF_ALLOC; }
  // layout_and_allocate(): per-cpu data is allocated separately; two sections become RO after init.
  const pcpu = secs.findIndex((s, i) => i > 0 && s.name === '.data..percpu' && (s.flags & SHF_ALLOC));
  if (pcpu > 0) secs[pcpu].flags &= ~SHF_ALLOC;
  for (const n of ['.data..ro_after_init', '__jump_table']) { const s = byName(n); if (s) s.flags |= SHF_RO_AFTER_INIT; }

  const masks = [
    [SHF_EXECINSTR | SHF_ALLOC, 0],
    [SHF_ALLOC, SHF_WRITE],
    [SHF_RO_AFTER_INIT | SHF_ALLOC, 0],
    [SHF_WRITE | SHF_ALLOC, 0],
    [SHF_ALLOC, 0],
  ];
  let size = 0;
  for (let m = 0; m < masks.length; m++) {
    const [want, not] = masks[m];
    for (let i = 0; i < secs.length; i++) {
      const s = secs[i];
      if ((s.flags & want) !== want || (s.flags & not) || s.placed || s.name.startsWith('.init')) continue;
      size = alignUp(size, s.addralign || 1) + s.size;
      s.placed = true;
    }
    if (m !== 3) size = alignUp(size, PAGE_SIZE);
  }
  // Init sections are laid out too (they only matter to is_core_symbol below).
  for (const [want, not] of masks) {
    for (const s of secs) {
      if ((s.flags & want) !== want || (s.flags & not) || s.placed || !s.name.startsWith('.init')) continue;
      s.placed = true;
      s.init = true;
    }
  }

  // layout_symtab(): the core symtab keeps symbol 0 and every "core" symbol.
  const isCore = (sym) => {
    if (sym.shndx === SHN_UNDEF || sym.shndx >= secs.length || !sym.nameOff) return false;
    if (sym.shndx === pcpu) return true; // CONFIG_KALLSYMS_ALL
    const sec = secs[sym.shndx];
    return Boolean(sec.flags & SHF_ALLOC) && sec.placed && !sec.init;
  };
  let ndst = 0;
  let strtab = 0;
  elf.symbols.forEach((sym, i) => {
    if (i === 0 || livepatch || isCore(sym)) {
      ndst++;
      strtab += Buffer.byteLength(sym.name) + 1;
    }
  });
  size = alignUp(size, elf.symtab?.addralign || 1) + ndst * 24 + strtab + ndst;
  return alignUp(size, PAGE_SIZE);
}
