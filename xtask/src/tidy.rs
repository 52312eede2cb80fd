//! Repository checks that run as ordinary tests: every Rust file opens with a `//!` paragraph,
//! stays within 100 columns, carries no unfinished marks, and no doc example is `ignore`d.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// The repository root, one level above this crate.
    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// Every `.rs` file of the workspace's crates, skipping build output and virtual
    /// environments.
    fn rust_files() -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![root()];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') || name == "target" || name == "node_modules" {
                    continue;
                }
                if path.is_dir() {
                    pending.push(path);
                } else if name.ends_with(".rs") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    fn offenders(check: impl Fn(&str) -> Vec<String>) -> Vec<String> {
        let mut found = Vec::new();
        for path in rust_files() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let shown = path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string();
            found.extend(
                check(&text)
                    .into_iter()
                    .map(|problem| format!("{shown}: {problem}")),
            );
        }
        found
    }

    #[test]
    fn finds_the_workspace_sources() {
        let files = rust_files();
        let has = |suffix: &str| files.iter().any(|f| f.ends_with(suffix));
        assert!(has("balkanid-domain/src/lib.rs"));
        assert!(has("balkanid-mcp/src/main.rs"));
        assert!(has("xtask/src/tidy.rs"));
    }

    #[test]
    fn every_rust_file_opens_with_a_module_doc() {
        let found = offenders(|text| {
            if text.starts_with("//!") {
                return Vec::new();
            }
            vec!["does not start with a `//!` paragraph".to_owned()]
        });
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    #[test]
    fn no_line_is_wider_than_100_columns() {
        let found = offenders(|text| {
            let wide = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.chars().count() > 100);
            wide.map(|(n, _)| format!("line {} is over 100 columns", n + 1))
                .collect()
        });
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    #[test]
    fn no_unfinished_marks_or_ignored_doc_examples() {
        // Each mark is spelled in two pieces so that this list does not match itself.
        let marks = [
            concat!("todo", "!("),
            concat!("unimplemented", "!("),
            concat!("dbg", "!("),
            concat!("```", "ignore"),
            concat!("```", "rust,ignore"),
        ];
        let found = offenders(|text| {
            let hits = text.lines().enumerate().filter_map(|(n, line)| {
                let mark = marks.iter().find(|m| line.contains(*m))?;
                Some(format!("line {} holds `{mark}`", n + 1))
            });
            hits.collect()
        });
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}
