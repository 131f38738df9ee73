export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '48rem', margin: '2rem auto', padding: '0 1rem' }}>
      <h1>Kernel Module Playground</h1>
      <p>
        A step-by-step simulation of the Linux module subsystem (insmod, rmmod, modprobe). The editor,
        terminal and kernel panels arrive in the next issue.
      </p>
    </main>
  );
}
