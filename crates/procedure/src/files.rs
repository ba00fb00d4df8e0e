//! Reading a procedure's imports from the file system, confined to the procedure's directory.

use std::path::{Path, PathBuf};

use procedure_core::{CompileOptions, Files, refused_path};

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
}

impl Files for Directory {
    fn read(&self, path: &str) -> Result<String, String> {
        if let Some(why) = refused_path(path) {
            return Err(why.to_owned());
        }
        let root = self.root.canonicalize().map_err(|e| e.to_string())?;
        let file = root.join(path).canonicalize().map_err(|e| e.to_string())?;
        if !file.starts_with(&root) {
            return Err("the path leads outside the importing file's directory".into());
        }
        let size = std::fs::metadata(&file).map_err(|e| e.to_string())?.len();
        if size > self.max_bytes as u64 {
            return Err(format!("the file has {size} bytes, more than the limit of {}", self.max_bytes));
        }
        std::fs::read_to_string(&file).map_err(|e| e.to_string())
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
        assert!(error.contains("outside"), "{error}");
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
}
