/**
 * Whether a process still runs, for telling leftovers of a killed run (its temporary files, its Chromium folder)
 * from the files of a run that goes on beside this one.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
