// The Terminal panel (PRODUCT.md §6): xterm.js running the playground's shell. The console (xterm,
// line editor, history) outlives the panel, so a maximised or restored panel keeps its scrollback.
import { useEffect, useRef } from 'react';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { getConsole } from './console';

export default function TerminalPanel() {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const console = getConsole();
    console.attach(element);
    return () => console.detach();
  }, []);
  // nokey: React Flow's Space/Backspace trap and the step keys leave keys typed here alone.
  return <div ref={container} className="terminal-panel nokey" />;
}
