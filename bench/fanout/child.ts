import { fork, type ChildProcess } from 'node:child_process';

/**
 * A benchmark role in a process of its own (`node --import tsx <file>`), asked questions over IPC,
 * one answer type at a time. Its own process, so that its event loop and heap are measured apart.
 */
export class Child<Out extends { type: string }, In extends { type: string }> {
  private readonly process: ChildProcess;
  private readonly exited: Promise<void>;
  private waiting?: { type: string; resolve: (message: In) => void };

  constructor(file: string, execArgv: string[] = []) {
    this.process = fork(file, [], {
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.process.on('message', (message: In) => {
      if (this.waiting?.type === message.type) this.waiting.resolve(message);
    });
    this.exited = new Promise((done) => this.process.once('exit', () => done()));
    void this.exited.then(() => this.waiting?.resolve({ type: 'exited' } as In));
  }

  /** Sends `message` and resolves with the child's first message of type `answer`. */
  ask<T extends In['type']>(message: Out, answer: T, withinMs = 10_000): Promise<Extract<In, { type: T }>> {
    return new Promise((resolveAnswer, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${answer} from the child within ${withinMs} ms`)), withinMs);
      this.waiting = {
        type: answer,
        resolve: (m) => {
          clearTimeout(timer);
          this.waiting = undefined;
          if (m.type === 'exited') reject(new Error(`the child exited before answering ${answer}`));
          else resolveAnswer(m as Extract<In, { type: T }>);
        },
      };
      this.process.send(message);
    });
  }

  /** Asks the child to close ({ type: 'close' }), killing it after 15 s. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.send({ type: 'close' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** performance.timeOrigin + now(): wall-clock based, sub-millisecond, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();
