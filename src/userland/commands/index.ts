// The command registry shared by the Terminal panel, kshell and user-mode helpers.
import type { CommandFn } from '../types';
import { depmod } from './depmod';
import { dmesg } from './dmesg';
import { cat, clear, echo, falseCommand, grep, head, id, ls, mkdir, mknod, nproc, rm, tail, touch, trueCommand, uname, wc, whoami } from './files';
import { insmod, lsmod, rmmod } from './kmod';
import { make } from './make';
import { modinfo } from './modinfo';
import { modprobe } from './modprobe';

export const COMMANDS: Record<string, CommandFn> = {
  cat, clear, depmod, dmesg, echo, grep, head, id, insmod, ls, lsmod, make, mkdir, mknod, modinfo,
  modprobe, nproc, rm, rmmod, tail, touch, uname, wc, whoami, true: trueCommand, false: falseCommand,
};
