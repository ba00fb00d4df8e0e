//! Reading files: bounded by what is read, refusing what is not a regular file, and, for a
//! procedure's imports and calls, confined to the procedure's directory and the library roots.

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

/// Reads the files a procedure names (imports, calls): beside the file that names them, then
/// in the library roots, in order; any path that leaves the file's directory and every root,
/// whether by its form (`..`, absolute) or through a symbolic link, is refused.
///
/// A procedure outside the library folder imports a shared catalogue through a root:
///
/// ```
/// use procedure::{compile_with, CompileOptions, Directory};
///
/// let dir = std::env::temp_dir().join("procedure-doc-directory");
/// std::fs::create_dir_all(dir.join("lib/common")).unwrap();
/// std::fs::create_dir_all(dir.join("cases")).unwrap();
/// std::fs::write(dir.join("lib/common/documents.yaml"), "catalogue: documents\nlanguages: [en]\ndocuments:\n  passport: {title: Passport}\n").unwrap();
/// let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nimports: [common/documents.yaml]\nstart: go\nsteps:\n  go: {title: Go, bring: [passport], next: done}\noutcomes:\n  done: {title: Done, kind: done}\n";
/// let alone = compile_with(text, &CompileOptions::DEFAULT, &Directory::new(&dir.join("cases")));
/// assert!(alone.procedure.is_none());
/// let files = Directory::new(&dir.join("cases")).with_root(&dir.join("lib"));
/// let compiled = compile_with(text, &CompileOptions::DEFAULT, &files);
/// assert!(compiled.procedure.is_some());
/// ```
#[derive(Clone, Debug)]
pub struct Directory {
    root: PathBuf,
    /// The library roots, as given: a file found in one is named by the root's path.
    roots: Vec<PathBuf>,
    max_bytes: usize,
}

/// Where a candidate path leads.
enum Found {
    /// A file inside the first file's directory or a root, by its key.
    Key(String),
    /// Nothing there.
    Missing,
    /// Something there that may not be read.
    Refused(String),
}

const LINK_OUT: &str = "a symbolic link on the path leads outside the directory of the file that names it and every library root, and only files inside them are read";

impl Directory {
    /// Files are read below `root`.
    pub fn new(root: &Path) -> Directory {
        Directory { root: root.to_owned(), roots: Vec::new(), max_bytes: CompileOptions::DEFAULT.load.max_bytes }
    }

    /// Files named by the file at `path` are read below its directory.
    pub fn beside(path: &Path) -> Directory {
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => Directory::new(dir),
            _ => Directory::new(Path::new(".")),
        }
    }

    /// Adds a library root: a path not found beside the file that names it is looked for
    /// below `root`, after the roots added before.
    #[must_use]
    pub fn with_root(mut self, root: &Path) -> Directory {
        self.roots.push(root.to_owned());
        self
    }

    /// Adds library roots, in order (see [`Directory::with_root`]).
    #[must_use]
    pub fn with_roots(self, roots: &[PathBuf]) -> Directory {
        roots.iter().fold(self, |d, r| d.with_root(r))
    }

    /// The file that `path`, relative to this directory, names, or why it may not be read:
    /// its form leaves the directory, or a symbolic link on its way leads out of it. A
    /// scenario file's procedure is confined here; library roots play no part.
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

    /// The library roots that exist, canonical, each with the path it was given as.
    fn canonical_roots(&self) -> Vec<(PathBuf, &Path)> {
        self.roots.iter().filter_map(|r| Some((r.canonicalize().ok()?, r.as_path()))).collect()
    }

    /// Where `candidate` leads: a key relative to the first file's directory when it lies
    /// there, its canonical path when it lies in a root.
    fn admit(&self, candidate: &Path, base: &Path, roots: &[(PathBuf, &Path)]) -> Found {
        let file = match candidate.canonicalize() {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Found::Missing,
            Err(e) => return Found::Refused(e.to_string()),
        };
        if let Ok(inside) = file.strip_prefix(base) {
            let parts: Vec<String> =
                inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            return Found::Key(parts.join("/"));
        }
        if roots.iter().any(|(root, _)| file.starts_with(root)) {
            return Found::Key(file.to_string_lossy().into_owned());
        }
        Found::Refused(LINK_OUT.into())
    }
}

impl Files for Directory {
    fn read(&self, key: &str) -> Result<String, String> {
        let file = if Path::new(key).is_absolute() {
            // Only `locate` makes an absolute key, for a file in a root.
            let file = Path::new(key).canonicalize().map_err(|e| e.to_string())?;
            if !self.canonical_roots().iter().any(|(root, _)| file.starts_with(root)) {
                return Err("the path must be relative to this file, not absolute".into());
            }
            file
        } else {
            self.confine(key)?
        };
        let bytes = read_file(&file, self.max_bytes).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| format!("the file is not UTF-8 text: {e}"))
    }

    fn locate(&self, from: &str, path: &str) -> Result<String, String> {
        if let Some(why) = refused_path(path) {
            return Err(why.to_owned());
        }
        let base = self.root.canonicalize().map_err(|e| e.to_string())?;
        let roots = self.canonical_roots();
        let from = Path::new(from);
        let dir = if from.is_absolute() {
            from.parent().unwrap_or(from).to_owned()
        } else {
            base.join(from.parent().unwrap_or(Path::new("")))
        };
        match self.admit(&dir.join(path), &base, &roots) {
            Found::Key(key) => return Ok(key),
            Found::Refused(why) => return Err(why),
            Found::Missing => {}
        }
        for (root, _) in &roots {
            match self.admit(&root.join(path), &base, &roots) {
                Found::Key(key) => return Ok(key),
                Found::Refused(why) => return Err(why),
                Found::Missing => {}
            }
        }
        if self.roots.is_empty() {
            return Err("no such file beside this file, and no library root is given".into());
        }
        let given: Vec<String> = self.roots.iter().map(|r| format!("`{}`", r.display())).collect();
        Err(format!("no such file beside this file, nor in the library roots {}", given.join(", ")))
    }

    fn name(&self, key: &str) -> String {
        let file = Path::new(key);
        for (root, given) in self.canonical_roots() {
            if let Ok(inside) = file.strip_prefix(&root) {
                return given.join(inside).display().to_string();
            }
        }
        key.to_owned()
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
    fn a_file_found_in_a_root_reads_its_own_imports_beside_itself() {
        let dir = scratch("roots");
        for sub in ["cases/common", "lib/common"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        std::fs::write(dir.join("lib/common/visit.yaml"), "id: visit\n").unwrap();
        std::fs::write(dir.join("lib/common/documents.yaml"), "catalogue: lib\n").unwrap();
        // Beside the first file, under the same path from its directory: not the one meant.
        std::fs::write(dir.join("cases/common/documents.yaml"), "catalogue: cases\n").unwrap();
        let files = Directory::new(&dir.join("cases")).with_root(&dir.join("lib"));
        let visit = files.locate("", "common/visit.yaml").unwrap();
        assert_eq!(files.name(&visit), dir.join("lib/common/visit.yaml").display().to_string());
        let documents = files.locate(&visit, "documents.yaml").unwrap();
        assert_eq!(files.read(&documents).unwrap(), "catalogue: lib\n");
        assert_eq!(files.locate("", "common/documents.yaml").unwrap(), "common/documents.yaml");
        assert!(files.locate("", "common/missing.yaml").unwrap_err().contains("nor in the library roots"));
        let outside = Directory::new(&dir.join("cases"));
        assert!(outside.read(&visit).unwrap_err().contains("absolute"), "a key of a root is read only with the root");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_file_over_the_size_budget() {
        let dir = scratch("large");
        std::fs::write(dir.join("big.yaml"), vec![b'#'; 64]).unwrap();
        let files = Directory { root: dir.clone(), roots: Vec::new(), max_bytes: 16 };
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
