// File system errors in Go's words: Packer prints os.Stat's errors ("stat x: not a directory"), while Node's
// messages name the syscall and the absolute path ("ENOTDIR: not a directory, stat '/abs/x'").

/** Go's syscall.Errno texts for the errors a user can cause with a path. */
const GO_ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** The reason part of Go's error for a failed file system call (Node's own message when Go's is not known). */
export function goFsErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  return GO_ERRNO_TEXT[code] ?? String((e as Error | undefined)?.message ?? e);
}
