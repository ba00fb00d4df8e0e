//! The files named on the command line: files as given, directories walked recursively.
//!
//! A directory tree may hold symbolic links. Following them blindly would make two links to
//! `.` an exponential walk and would read, and print, files outside the tree the user named;
//! so the walk remembers the canonical directories and files it has seen and does not follow
//! a link out of the tree it walks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The walk over every path given on the command line.
pub struct Walk<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
    files: Vec<PathBuf>,
    seen_files: HashSet<PathBuf>,
    seen_dirs: HashSet<PathBuf>,
    skipped: Vec<String>,
}

impl<'w> Walk<'w> {
    /// A walk that keeps, below directories, the files whose name `wanted` accepts.
    pub fn new(wanted: &'w dyn Fn(&str) -> bool) -> Walk<'w> {
        Walk { wanted, files: Vec::new(), seen_files: HashSet::new(), seen_dirs: HashSet::new(), skipped: Vec::new() }
    }

    /// Adds a path from the command line: a file as it is (the user named it, whatever it
    /// is), or the wanted files below a directory, sorted.
    pub fn add(&mut self, path: &Path) -> Result<(), String> {
        let cannot = |e: std::io::Error| format!("cannot read `{}`: {e}", path.display());
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if !meta.is_dir() {
            // Anything but a directory is the reader's to accept or refuse (a pipe, a device).
            let key = path.canonicalize().unwrap_or_else(|_| path.to_owned());
            if self.seen_files.insert(key) {
                self.files.push(path.to_owned());
            }
            return Ok(());
        }
        let root = path.canonicalize().map_err(cannot)?;
        self.directory(path, &root, &root)
    }

    /// The files found, in order, and a note for each link left unfollowed because it leads
    /// out of the tree.
    pub fn finish(self) -> (Vec<PathBuf>, Vec<String>) {
        (self.files, self.skipped)
    }

    fn directory(&mut self, path: &Path, canonical: &Path, root: &Path) -> Result<(), String> {
        if !self.seen_dirs.insert(canonical.to_owned()) {
            return Ok(());
        }
        let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
            .filter_map(|e| e.ok().and_then(|e| e.file_type().ok().map(|t| (e.path(), t))))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (entry, kind) in entries {
            let Some(name) = entry.file_name().map(|n| n.to_string_lossy().into_owned()) else { continue };
            if kind.is_symlink() {
                self.link(&entry, &name, root)?;
            } else if kind.is_dir() {
                self.directory(&entry, &canonical.join(&name), root)?;
            } else if (self.wanted)(&name) && self.seen_files.insert(canonical.join(&name)) {
                self.files.push(entry);
            }
        }
        Ok(())
    }

    fn link(&mut self, entry: &Path, name: &str, root: &Path) -> Result<(), String> {
        let Ok(target) = entry.canonicalize() else {
            self.skipped.push(format!("skipped `{}`: a symbolic link to nothing", entry.display()));
            return Ok(());
        };
        if !target.starts_with(root) {
            self.skipped.push(format!(
                "skipped `{}`: a symbolic link that leads outside `{}`",
                entry.display(),
                root.display()
            ));
            return Ok(());
        }
        if target.is_dir() {
            return self.directory(entry, &target, root);
        }
        if (self.wanted)(name) && self.seen_files.insert(target) {
            self.files.push(entry.to_owned());
        }
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_in_a_loop_or_out_of_the_tree_are_not_followed_and_each_file_is_kept_once() {
        let dir = std::env::temp_dir().join(format!("procedure-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("tree/sub")).unwrap();
        std::fs::create_dir_all(dir.join("outside")).unwrap();
        std::fs::write(dir.join("tree/a.yaml"), "").unwrap();
        std::fs::write(dir.join("tree/sub/b.yaml"), "").unwrap();
        std::fs::write(dir.join("outside/secret.yaml"), "").unwrap();
        let link = |target: &str, name: &str| std::os::unix::fs::symlink(dir.join(target), dir.join(name)).unwrap();
        link("tree", "tree/self1");
        link("tree", "tree/sub/self2");
        link("tree/sub/b.yaml", "tree/again.yaml");
        link("outside", "tree/out");
        link("outside/secret.yaml", "tree/secret.yaml");
        let wanted = |name: &str| name.ends_with(".yaml");
        let mut walk = Walk::new(&wanted);
        walk.add(&dir.join("tree")).unwrap();
        let (files, skipped) = walk.finish();
        let names: Vec<String> = files.iter().map(|f| f.strip_prefix(&dir).unwrap().display().to_string()).collect();
        assert_eq!(names, ["tree/a.yaml", "tree/again.yaml"]);
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped.iter().all(|s| s.contains("outside")), "{skipped:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
