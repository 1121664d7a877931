import cliProgress from 'cli-progress';

/** A progress bar that also prints in logs without a TTY. */
export function progressBar(unit: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `{bar} {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(value: number, total: number) {
      if (!started) {
        bar.start(total, value);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
