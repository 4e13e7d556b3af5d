// A private PulseAudio for the push-to-talk tests: a null sink whose monitor is the default
// source, so what paplay plays into the sink is what the app's microphone hears. It listens on a
// socket in its own folder (PULSE_SERVER), so it never touches a desktop's sound server.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** startPulse starts PulseAudio in dir; returns {proc, server} (server is the PULSE_SERVER value). */
export async function startPulse(dir) {
  const pa = join(dir, 'default.pa');
  writeFileSync(pa, [
    `load-module module-native-protocol-unix auth-anonymous=1 socket=${dir}/native`,
    'load-module module-null-sink sink_name=parley_mic rate=16000 channels=1',
    'set-default-sink parley_mic',
    'set-default-source parley_mic.monitor',
    '',
  ].join('\n'));
  const proc = start('pulseaudio', 'pulseaudio', ['-n', '-F', pa, '--daemonize=no', '--exit-idle-time=-1', '--disallow-exit',
    '--use-pid-file=false', '--log-target=stderr'], { cwd: dir, env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir } });
  for (let i = 0; i < 100 && !existsSync(join(dir, 'native')); i++) await sleep(100);
  assert.ok(existsSync(join(dir, 'native')), 'PulseAudio did not start; see artifacts/logs/pulseaudio.log');
  return { proc, server: `unix:${dir}/native` };
}

/** sayWav has espeak-ng say text in voice into dir/say.wav; returns {path, seconds}. */
export function sayWav(dir, voice, text) {
  const path = join(dir, 'say.wav');
  execFileSync('espeak-ng', ['-v', voice, '-s', '140', '-w', path, text]);
  const bytes = Number(execFileSync('stat', ['-c', '%s', path]).toString().trim());
  return { path, seconds: (bytes - 44) / 2 / 22050 }; // espeak-ng writes 22 050 Hz mono 16-bit
}

/** playInto plays the WAV into the null sink, resolving when it has played. */
export function playInto(server, wav) {
  return new Promise((resolve, reject) => {
    const p = spawn('paplay', ['--device=parley_mic', wav], { env: { ...process.env, PULSE_SERVER: server } });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`paplay exited ${code}`))));
  });
}
