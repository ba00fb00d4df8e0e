//! Reading files: bounded by what is read, refusing what is not a regular file, and, for a
//! procedure's imports, confined to the procedure's directory.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use procedure_core::{CompileOptions, Files, refused_path};

/// Why a file could not be read.
#[derive(Debug)]
pub enum Unread {
    /// The operating system refused.
    Io(std::io::Error),
    /// A directory, a named pipe, a device or a socket, named where a file is expected.
    NotAFile(&'static str),
    /// More bytes than the limit; `size` when the file system tells it before reading.
    TooLarge {
        /// The size the file system gives, if it gives one.
        size: Option<u64>,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unread::Io(e) => write!(f, "{e}"),
            Unread::NotAFile(what) => write!(f, "it is {what}, not a file"),
            Unread::TooLarge { size: Some(size), limit } => {
                write!(f, "the file has {size} bytes, more than the limit of {limit}")
            }
            Unread::TooLarge { size: None, limit } => write!(f, "the file has more than the limit of {limit} bytes"),
        }
    }
}

impl From<std::io::Error> for Unread {
    fn from(e: std::io::Error) -> Self {
        Unread::Io(e)
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them.
///
/// The size the file system reports is only a first refusal: `/proc` files report none and a
/// file may grow, so reading stops one byte past the limit. A named pipe, a device or a
/// directory is refused, by the path's type before opening (opening a pipe waits for a writer)
/// and by the opened handle's type after, so that nothing swapped in between is read.
pub fn read_file(path: &Path, limit: usize) -> Result<Vec<u8>, Unread> {
    regular(&std::fs::metadata(path)?)?;
    let file = open(path)?;
    let meta = file.metadata()?;
    regular(&meta)?;
    if meta.len() > limit as u64 {
        return Err(Unread::TooLarge { size: Some(meta.len()), limit });
    }
    read_stream(file, limit)
}

/// At most `limit` bytes of a stream such as standard input; an endless one is refused after
/// `limit` bytes, not read to its end.
pub fn read_stream(stream: impl Read, limit: usize) -> Result<Vec<u8>, Unread> {
    let mut bytes = Vec::new();
    stream.take((limit as u64).saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(Unread::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// Linux's `O_NONBLOCK`: opening a named pipe without it waits for a writer, possibly forever.
#[cfg(target_os = "linux")]
const O_NONBLOCK: i32 = 0o4000;

fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, O_NONBLOCK);
    options.open(path)
}

fn regular(meta: &std::fs::Metadata) -> Result<(), Unread> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(Unread::NotAFile("a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Err(Unread::NotAFile("a named pipe"));
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Err(Unread::NotAFile("a device"));
        }
        if kind.is_socket() {
            return Err(Unread::NotAFile("a socket"));
        }
    }
    Err(Unread::NotAFile("not a regular file"))
}

/// Reads imports relative to a directory (the importing file's), and refuses any path that
/// leaves it, whether by its form (`..`, absolute) or through a symbolic link.
///
/// ```
/// use procedure::{compile_with, CompileOptions, Directory};
///
/// let dir = std::env::temp_dir().join("procedure-doc-directory");
/// std::fs::create_dir_all(dir.join("common")).unwrap();
/// std::fs::write(dir.join("common/documents.yaml"), "catalogue: documents\nlanguages: [en]\ndocuments:\n  passport: {title: Passport}\n").unwrap();
/// let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nimports: [common/documents.yaml]\nstart: go\nsteps:\n  go: {title: Go, bring: [passport], next: done}\noutcomes:\n  done: {title: Done, kind: done}\n";
/// let compiled = compile_with(text, &CompileOptions::DEFAULT, &Directory::new(&dir));
/// assert!(compiled.procedure.is_some());
/// ```
#[derive(Clone, Debug)]
pub struct Directory {
    root: PathBuf,
    max_bytes: usize,
}

impl Directory {
    /// Imports are read below `root`.
    pub fn new(root: &Path) -> Directory {
        Directory { root: root.to_owned(), max_bytes: CompileOptions::DEFAULT.load.max_bytes }
    }

    /// Imports of the file at `path` are read below its directory.
    pub fn beside(path: &Path) -> Directory {
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => Directory::new(dir),
            _ => Directory::new(Path::new(".")),
        }
    }

    /// The file that `path`, relative to this directory, names, or why it may not be read:
    /// its form leaves the directory, or a symbolic link on its way leads out of it. Every
    /// path a file names (imports, calls, a scenario file's procedure) is confined here.
    pub fn confine(&self, path: &str) -> Result<PathBuf, String> {
        if let Some(why) = refused_path(path) {
            return Err(why.to_owned());
        }
        let root = self.root.canonicalize().map_err(|e| e.to_string())?;
        let file = root.join(path).canonicalize().map_err(|e| e.to_string())?;
        if !file.starts_with(&root) {
            return Err(
                "a symbolic link on the path leads outside the directory of the file that names it, and only files inside it are read"
                    .into(),
            );
        }
        Ok(file)
    }
}

impl Files for Directory {
    fn read(&self, path: &str) -> Result<String, String> {
        let file = self.confine(path)?;
        let bytes = read_file(&file, self.max_bytes).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| format!("the file is not UTF-8 text: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("procedure-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_below_the_directory_and_refuses_paths_that_leave_it() {
        let dir = scratch("confined");
        std::fs::create_dir_all(dir.join("procedures/common")).unwrap();
        std::fs::write(dir.join("procedures/common/a.yaml"), "catalogue: a\n").unwrap();
        std::fs::write(dir.join("secret.yaml"), "catalogue: secret\n").unwrap();
        let files = Directory::new(&dir.join("procedures"));
        assert_eq!(files.read("common/a.yaml").unwrap(), "catalogue: a\n");
        assert!(files.read("../secret.yaml").unwrap_err().contains("inside"));
        assert!(files.read(&dir.join("secret.yaml").display().to_string()).unwrap_err().contains("absolute"));
        assert!(files.read("common/missing.yaml").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_that_leads_outside() {
        let dir = scratch("link");
        std::fs::create_dir_all(dir.join("procedures")).unwrap();
        std::fs::write(dir.join("secret.yaml"), "catalogue: secret\n").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.yaml"), dir.join("procedures/shared.yaml")).unwrap();
        let error = Directory::new(&dir.join("procedures")).read("shared.yaml").unwrap_err();
        assert!(error.contains("symbolic link") && error.contains("outside"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_file_over_the_size_budget() {
        let dir = scratch("large");
        std::fs::write(dir.join("big.yaml"), vec![b'#'; 64]).unwrap();
        let files = Directory { root: dir.clone(), max_bytes: 16 };
        assert!(files.read("big.yaml").unwrap_err().contains("limit"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_directory() {
        let dir = scratch("dir");
        std::fs::create_dir_all(dir.join("sub.yaml")).unwrap();
        let error = Directory::new(&dir).read("sub.yaml").unwrap_err();
        assert!(error.contains("a directory"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_endless_stream_is_refused_after_the_limit() {
        let error = read_stream(std::io::repeat(b'#'), 1000).unwrap_err();
        assert!(matches!(error, Unread::TooLarge { size: None, limit: 1000 }), "{error}");
        assert_eq!(read_stream(&b"exactly"[..], 7).unwrap(), b"exactly");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        let error = read_file(Path::new("/dev/zero"), 1000).unwrap_err();
        assert!(matches!(error, Unread::NotAFile("a device")), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_without_a_writer_is_refused_at_once() {
        let dir = scratch("fifo");
        let fifo = dir.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let error = Directory::new(&dir).read("pipe.yaml").unwrap_err();
        assert!(error.contains("a named pipe"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
