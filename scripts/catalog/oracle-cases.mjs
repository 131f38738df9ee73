// What scripts/catalog/record-oracle.mjs asks the real modprobe. Each config case gets its own
// directory holding `files` and is run as `modprobe -C DIR -d ROOT -S RELEASE ...args`.
// None of them loads or unloads anything: every load goes through --show-depends or -n.

/** Names (module names, aliases, symbols, oddities) for `--show-depends NAME`, besides the
 * computed ones (the 20 deepest chains, every module with a softdep, a stride over the tree). */
export const SHOW_DEPENDS_NAMES = [
  // the examples everyone reaches for
  'vfat', 'fat', 'msdos', 'loop', 'dummy', 'ext4', 'jbd2', 'mbcache', 'btrfs', 'xfs', 'nfs', 'nfsd',
  'cifs', 'fuse', 'overlay', 'squashfs', 'isofs', 'udf', 'zram', 'snd_hda_intel', 'snd-hda-intel',
  'snd_hda_codec_realtek', 'snd_sof_intel_hda', 'snd_sof_intel_hda_common', 'snd_usb_audio', 'e1000e',
  'igb', 'ixgbe', 'r8169', 'i915', 'amdgpu', 'nouveau', 'drm', 'kvm', 'kvm_intel', 'kvm_amd', 'vfio',
  'vfio_pci', 'vfio_iommu_type1', 'libcrc32c', 'crc32c_generic', 'crc32c_intel', 'crc_t10dif',
  'crct10dif_pclmul', 'crc16', 'bluetooth', 'btusb', 'iwlwifi', 'iwlmvm', 'ath9k', 'mac80211',
  'cfg80211', 'usb_storage', 'uas', 'nvme', 'nvme_core', 'ahci', 'libata', 'dm_crypt', 'dm_mod',
  'raid456', 'md_mod', 'bridge', 'vxlan', 'wireguard', 'nf_tables', 'nft_chain_nat', 'nf_nat',
  'iptable_nat', 'ip_tables', 'tun', 'sctp', '8021q', 'virtio_net', 'virtio_blk', 'xen_netfront',
  'hid_generic', 'usbhid', 'psmouse', 'pcspkr', 'battery', 'thinkpad_acpi', 'vrf', 'uvcvideo',
  'videodev', 'mlx5_core', 'mlx5_ib', 'ib_core', 'rdma_cm', 'nvmet_tcp', 'cdrom', 'sr_mod', 'sd_mod',
  'scsi_mod', 'nls_utf8', 'nls_cp437', 'snd', 'soundcore', 'ipmi_si', 'tcrypt',
  // aliases
  'fs-vfat', 'fs-msdos', 'fs-ext4', 'crypto-crc32c', 'crypto-sha256', 'char-major-10-237',
  'block-major-7-0', 'devname:loop-control', 'platform:pcspkr', 'acpi*:PNP0C0A:*', 'acpi:PNP0C0A:',
  'pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00',
  'pci:v00008086d0000A170sv00001028sd000007A1bc04sc03i00',
  'pci:v000010DEd00001C82sv00001043sd00008613bc03sc00i00',
  'pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00',
  'usb:v0BDAp8153d3000dc00dsc00dp00icFFiscFFip00in00',
  'usb:v046Dp0825d0012dcEFdsc02dp01ic0Eisc01ip00in00',
  'symbol:fat_fill_super', 'symbol:drm_dp_link_train_channel_eq_delay', 'symbol:no_such_symbol',
  // builtins and things that are not there
  'unix', 'net-pf-10', 'crypto-sha256_generic', 'ipv6', 'no_such_module', 'SND_HDA_INTEL',
  'fs-no-such-fs', 'kernel/fs/fat/vfat.ko',
];

const vfatAndMsdos = 'alias twofs vfat\nalias twofs msdos\n';

/** [name, files, args]; args never include -C, -d or -S. */
export const CONFIG_CASES = [
  ['alias', { 'test.conf': 'alias mysound snd-hda-intel\n' }, ['--show-depends', 'mysound']],
  ['alias to an alias prints nothing', { 'test.conf': 'alias myfs fs-vfat\n' }, ['--show-depends', 'myfs']],
  ['wildcard alias', { 'test.conf': 'alias my-* loop\n' }, ['--show-depends', 'my-thing']],
  ['alias shadows a real module', { 'test.conf': 'alias loop dummy\n' }, ['--show-depends', 'loop']],
  ['config alias beats modules.alias', { 'test.conf': 'alias fs-vfat loop\n' }, ['--show-depends', 'fs-vfat']],
  ['alias with two targets', { 'test.conf': vfatAndMsdos }, ['--show-depends', 'twofs']],
  ['alias name with dashes looked up with underscores', { 'test.conf': 'alias my-sound snd-hda-intel\n' }, ['--show-depends', 'my_sound']],
  ['file not ending in .conf is ignored', { 'test.txt': 'alias mysound snd-hda-intel\n' }, ['--show-depends', 'mysound']],

  ['options on two lines', { 'test.conf': 'options loop max_loop=8\noptions loop max_part=15\n' }, ['--show-depends', 'loop']],
  ['options on a dependency', { 'test.conf': 'options fat foo=1\n' }, ['--show-depends', 'vfat']],
  ['options via alias and real name', { 'test.conf': 'alias mysound snd-hda-intel\noptions mysound index=3\noptions snd-hda-intel model=auto\n' }, ['--show-depends', 'mysound']],
  ['options for the real name only, loaded by name', { 'test.conf': 'alias mysound snd-hda-intel\noptions mysound index=3\noptions snd-hda-intel model=auto\n' }, ['--show-depends', 'snd-hda-intel']],
  ['options from config and command line', { 'test.conf': 'options loop max_loop=8\n' }, ['--show-depends', 'loop', 'max_part=3']],
  ['options on the command line only', {}, ['--show-depends', 'loop', 'max_loop=2', 'max_part=3']],
  ['quoted option values', { 'test.conf': 'options loop max_loop="8" foo="a b"\n' }, ['--show-depends', 'loop']],
  ['options on a builtin', { 'test.conf': 'options unix foo=1\n' }, ['--show-depends', 'unix']],
  ['options on a softdep module', { 'test.conf': 'softdep vfat pre: nls_utf8\noptions nls_utf8 bar=2\n' }, ['--show-depends', 'vfat']],

  ['install', { 'test.conf': 'install loop /bin/echo installing loop\n' }, ['--show-depends', 'loop']],
  ['install with $CMDLINE_OPTS', { 'test.conf': 'install loop /sbin/modprobe --ignore-install loop $CMDLINE_OPTS && echo done\n' }, ['--show-depends', 'loop', 'max_loop=4']],
  ['install on a dependency', { 'test.conf': 'install fat /bin/true\n' }, ['--show-depends', 'vfat']],
  ['install with ;', { 'test.conf': 'install loop /bin/echo one; /bin/echo two\n' }, ['--show-depends', 'loop']],
  ['install with ||', { 'test.conf': 'install loop /bin/false || /bin/echo fallback\n' }, ['--show-depends', 'loop']],
  ['install and options', { 'test.conf': 'install loop /bin/echo installing loop\noptions loop max_loop=8\n' }, ['--show-depends', 'loop']],
  ['install ignored when the module has a softdep', { 'test.conf': 'install vfat /bin/true\nsoftdep vfat pre: nls_utf8\n' }, ['--show-depends', 'vfat']],
  ['-i ignores install', { 'test.conf': 'install loop /bin/echo installing loop\n' }, ['-i', '--show-depends', 'loop']],
  ['--ignore-install', { 'test.conf': 'install fat /bin/true\n' }, ['--ignore-install', '--show-depends', 'vfat']],
  ['install, dry run -n -v', { 'test.conf': 'install loop /bin/echo installing loop\n' }, ['-n', '-v', 'loop']],

  ['remove, dry run -n -v', { 'test.conf': 'remove loop /bin/echo removing loop\n' }, ['-n', '-v', '-r', 'loop']],
  ['remove --show-depends', { 'test.conf': 'remove loop /bin/echo removing loop\n' }, ['--show-depends', '-r', 'loop']],
  ['remove --first-time of a module not loaded', {}, ['-r', '--first-time', 'vfat']],
  ['remove of a module not loaded', {}, ['-r', 'vfat']],
  ['remove of a builtin', {}, ['-r', 'unix']],
  ['remove of an unknown name', {}, ['-r', 'no_such_module']],

  ['blacklist, loaded by name', { 'test.conf': 'blacklist pcspkr\n' }, ['--show-depends', 'pcspkr']],
  ['blacklist with -b, by name', { 'test.conf': 'blacklist pcspkr\n' }, ['-b', '--show-depends', 'pcspkr']],
  ['blacklist, via alias', { 'test.conf': 'blacklist pcspkr\n' }, ['--show-depends', 'platform:pcspkr']],
  ['blacklist with -b, via alias', { 'test.conf': 'blacklist pcspkr\n' }, ['-b', '--show-depends', 'platform:pcspkr']],
  ['blacklist of a dependency', { 'test.conf': 'blacklist fat\n' }, ['--show-depends', 'vfat']],
  ['blacklist of a dependency with -b', { 'test.conf': 'blacklist fat\n' }, ['-b', '--show-depends', 'vfat']],
  ['blacklist one target of a config alias, -b', { 'test.conf': 'blacklist msdos\n' + vfatAndMsdos }, ['-b', '--show-depends', 'twofs']],
  ['blacklist one target of a config alias', { 'test.conf': 'blacklist msdos\n' + vfatAndMsdos }, ['--show-depends', 'twofs']],
  ['blacklist the target of a config alias, -b', { 'test.conf': 'alias mysound snd-hda-intel\nblacklist snd_hda_intel\n' }, ['-b', '--show-depends', 'mysound']],

  ['softdep pre and post', { 'test.conf': 'softdep vfat pre: nls_utf8 post: nls_cp437\n' }, ['--show-depends', 'vfat']],
  ['softdep cycle', { 'test.conf': 'softdep loop pre: dummy\nsoftdep dummy pre: loop\n' }, ['--show-depends', 'loop']],
  ['softdep to a missing module', { 'test.conf': 'softdep loop pre: no_such_module post: also_missing\n' }, ['--show-depends', 'loop']],
  ['softdep to an alias', { 'test.conf': 'softdep loop pre: fs-vfat\n' }, ['--show-depends', 'loop']],
  ['softdep in a file sorting after modules.softdep', { 'test.conf': 'softdep ext4 pre: nls_utf8\n' }, ['--show-depends', 'ext4']],
  ['softdep in a file sorting before modules.softdep', { 'a-ext4.conf': 'softdep ext4 pre: nls_utf8\n' }, ['--show-depends', 'ext4']],
  ['softdep twice for one module in config', { 'test.conf': 'softdep loop pre: dummy\nsoftdep loop pre: nls_utf8\n' }, ['--show-depends', 'loop']],
  ['softdep with -i', { 'test.conf': 'softdep vfat pre: nls_utf8 post: nls_cp437\n' }, ['-i', '--show-depends', 'vfat']],

  ['line continuation', { 'test.conf': 'options loop \\\n  max_loop=8\n' }, ['--show-depends', 'loop']],
  ['comments and blank lines', { 'test.conf': '# a comment\n\n  \noptions loop max_loop=8 # not a comment\n' }, ['--show-depends', 'loop']],
  ['bad line (indented comment)', { 'test.conf': 'alias mysound snd-hda-intel\n\n# fine\noptions loop max_loop=8\n  # indented comment\n' }, ['--show-depends', 'loop']],
  ['unknown keyword', { 'test.conf': 'frobnicate loop\noptions loop max_loop=8\n' }, ['--show-depends', 'loop']],
  ['two files, read in name order', { 'b.conf': 'options loop max_loop=2\n', 'a.conf': 'options loop max_part=1\n' }, ['--show-depends', 'loop']],

  // The dump ends with the whole alias and symbol indexes (about 1.9 MB), so there is one such case.
  ['-c dump', {
    'test.conf': 'alias mysound snd-hda-intel\noptions loop max_loop=8\ninstall fat /bin/true\nremove loop /bin/echo removing loop\nblacklist pcspkr\nsoftdep vfat pre: nls_utf8 post: nls_cp437\n',
  }, ['-c']],
  ['-R alias', { 'test.conf': 'alias mysound snd-hda-intel\n' }, ['-R', 'mysound']],
  ['-R modalias', {}, ['-R', 'pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00']],
  ['-R module name', {}, ['-R', 'snd-hda-intel']],
  ['-R builtin', {}, ['-R', 'unix']],
  ['-R missing', {}, ['-R', 'no_such_module']],
  ['-R alias with two targets', { 'test.conf': vfatAndMsdos }, ['-R', 'twofs']],

  ['-a several modules', {}, ['-a', '--show-depends', 'vfat', 'loop']],
  ['-q missing module', {}, ['-q', '--show-depends', 'no_such_module']],
  ['missing module', {}, ['--show-depends', 'no_such_module']],
  ['dry run -n -v', {}, ['-n', '-v', 'vfat']],
  ['no arguments', {}, []],
];
