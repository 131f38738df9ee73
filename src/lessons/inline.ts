// Manifests the lessons need that are not among the editor's templates (examples/). They open in
// the editor like templates; Build writes them to /root beside the others.
import type { InlineFile } from './types';

export const ERRCODE: InlineFile = {
  name: 'errcode.yaml',
  text: `# A callee that fails: kstrtoint() returns -EINVAL here (its result field says what it returns).
# init passes the error up unchanged, as the lab asks; insmod turns it into words.
name: errcode
license: GPL
description: Passes a callee's error up unchanged
imports: [kstrtoint]
init:
  - call: { symbol: kstrtoint, result: -EINVAL, as: err }
  - if_error: { goto: out }
  - return: 0
  - label: out
  - printk: { level: KERN_ERR, text: "errcode: kstrtoint failed: %d\\n", args: [err] }
  - return: -EINVAL
exit: []
`,
};

export const POSITIVE: InlineFile = {
  name: 'positive.yaml',
  text: `# init must return 0 or a negative errno. This one returns 1: Linux 6.1 loads the module
# anyway, with a warning and a stack dump ("suspiciously returned 1").
name: positive
license: GPL
description: An init that returns a positive value
init:
  - printk: { level: KERN_INFO, text: "positive: init returns 1\\n" }
  - return: 1
exit: []
`,
};

export const CACHE: InlineFile = {
  name: 'cache.yaml',
  text: `# A private cache (kmem_cache) of 64-byte objects, as in the lab's "Prywatna sterta":
# create the cache, take two objects; exit gives them back and destroys the cache.
name: cache
license: GPL
description: A private cache of 64-byte objects
init:
  - kmem_cache_create: { as: cachep, object_size: 64, name: cache_obj }
  - if_error: { goto: err_cache }
  - kmem_cache_alloc: { as: first, cache: cachep }
  - if_error: { goto: err_first }
  - kmem_cache_alloc: { as: second, cache: cachep }
  - if_error: { goto: err_second }
  - printk: { level: KERN_INFO, text: "cache: two objects at %p and %p\\n", args: [first, second] }
  - return: 0
  - label: err_second
  - kmem_cache_free: { cache: cachep, obj: first }
  - label: err_first
  - kmem_cache_destroy: cachep
  - label: err_cache
  - return: -ENOMEM
exit:
  - kmem_cache_free: { cache: cachep, obj: second }
  - kmem_cache_free: { cache: cachep, obj: first }
  - kmem_cache_destroy: cachep
`,
};

export const VBUF: InlineFile = {
  name: 'vbuf.yaml',
  text: `# The lab's exercise: example 4 (kmalloc.yaml) reworked for a bigger buffer with vmalloc.
# 1 MiB is far beyond kmalloc's 32 pages; vmalloc maps scattered pages into one virtual area.
name: vbuf
license: GPL
description: Allocates a 1 MiB buffer with vmalloc
init:
  - vmalloc: { as: buf, size: 1048576 }
  - if_error: { goto: err_nomem }
  - printk: { level: KERN_INFO, text: "vbuf: 1 MiB at %p\\n", args: [buf] }
  - return: 0
  - label: err_nomem
  - printk: { level: KERN_ERR, text: "vbuf: out of memory\\n" }
  - return: -ENOMEM
exit:
  - vfree: buf
  - printk: { level: KERN_INFO, text: "vbuf: buffer freed\\n" }
`,
};

export const ONDEMAND: InlineFile = {
  name: 'ondemand.yaml',
  text: `# kmod: init asks the kernel to load "mydriver" with request_module(), which runs
# /sbin/modprobe mydriver in a kernel thread and returns its wait status (exit code << 8).
name: ondemand
license: GPL
description: Loads mydriver on demand with request_module
init:
  - request_module: { name: mydriver, as: ret }
  - printk: { level: KERN_INFO, text: "ondemand: request_module(mydriver) returned %d\\n", args: [ret] }
  - return: 0
exit:
  - printk: { level: KERN_INFO, text: "ondemand: unloaded\\n" }
`,
};

export const CLOSED: InlineFile = {
  name: 'closed.yaml',
  text: `# A licence that is not on the GPL-compatible list taints the kernel P (proprietary).
name: closed
license: Proprietary
description: A module with a proprietary licence
init:
  - printk: { level: KERN_INFO, text: "closed: loaded\\n" }
  - return: 0
exit:
  - printk: { level: KERN_INFO, text: "closed: unloaded\\n" }
`,
};

export const OLD: InlineFile = {
  name: 'old.yaml',
  text: `# A module built for another kernel: its vermagic names another release, so the kernel
# refuses it ("Invalid module format") unless insmod -f forces it, which taints F.
name: old
license: GPL
description: Built for another kernel release
vermagic: 5.10.0-20-amd64 SMP mod_unload modversions
init:
  - printk: { level: KERN_INFO, text: "old: built for 5.10, running on 6.1\\n" }
  - return: 0
exit:
  - printk: { level: KERN_INFO, text: "old: unloaded\\n" }
`,
};

export const GPLEXPORT: InlineFile = {
  name: 'gplexport.yaml',
  text: `# Exports gpl_fn with EXPORT_SYMBOL_GPL: only GPL-compatible modules may use it.
name: gplexport
license: GPL
description: Exports gpl_fn for GPL-compatible modules only
exports:
  - { symbol: gpl_fn, gpl: true }
init:
  - printk: { level: KERN_INFO, text: "gplexport: gpl_fn exported GPL-only\\n" }
  - return: 0
exit: []
`,
};

