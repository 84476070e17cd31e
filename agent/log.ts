/** Plain lines on stderr; on a terminal, a progress line that rewrites itself. */
export interface Log {
  info(msg: string): void;
  warn(msg: string): void;
  progress(): { update(msg: string): void; done(msg: string): void; stop(): void };
}

export function consoleLog(): Log {
  const tty = Boolean(process.stderr.isTTY);
  const line = (level: string, msg: string) => process.stderr.write(`${new Date().toISOString()} ${level} ${msg}\n`);
  return {
    info: (m) => line("info", m),
    warn: (m) => line("warn", m),
    progress() {
      let last = "";
      let active = false;
      const frames = ["|", "/", "-", "\\"];
      let n = 0;
      return {
        update(msg) {
          if (tty) {
            process.stderr.write(`\r\x1b[2K${frames[n++ % frames.length]} ${msg}`);
            active = true;
          } else if (msg.replace(/\(\d+s\)/, "") !== last) {
            line("info", msg);
          }
          last = msg.replace(/\(\d+s\)/, "");
        },
        done(msg) {
          if (tty && active) process.stderr.write("\r\x1b[2K");
          active = false;
          line("info", msg);
        },
        stop() {
          if (tty && active) process.stderr.write("\n");
          active = false;
        },
      };
    },
  };
}
