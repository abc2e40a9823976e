//! `abrege models`: which translation models are found where, and
//! `abrege models fetch [fr-en|en-fr]`, which downloads them from the Hugging
//! Face hub (see `abrege::translate::hub`) with a progress bar on a terminal.

use super::Outcome;
use super::args::{ModelsArgs, ModelsCommand, PairArg};
use abrege::translate::{hub, models_status};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, Write};

pub fn run(m: &ModelsArgs) -> anyhow::Result<Outcome> {
    match &m.command {
        None => {
            let status = models_status(m.model_dir.as_deref(), &hub::cache_dir());
            io::stdout().lock().write_all(status.as_bytes())?;
            Ok(Outcome::AllOk)
        }
        Some(ModelsCommand::Fetch { pairs }) => fetch(pairs),
    }
}

/// Fetches each direction asked (both by default); prints each snapshot
/// folder on stdout, failures on stderr.
fn fetch(pairs: &[PairArg]) -> anyhow::Result<Outcome> {
    let hub = hub::Hub::from_env();
    let pairs = if pairs.is_empty() { &[PairArg::FrEn, PairArg::EnFr][..] } else { pairs };
    let mut outcome = Outcome::AllOk;
    for pair in pairs {
        let (from, to) = pair.langs();
        let Some(model) = hub::pinned(from, to) else { continue };
        eprintln!(
            "abrege: {} at {} from {} into {}",
            model.repo,
            &model.revision[..7],
            hub.endpoint(),
            hub.cache().display()
        );
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("  {msg:24} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
        {
            bar.set_style(style);
        }
        let mut on_event = |event: hub::Event| match event {
            hub::Event::Start { file, size, done } => {
                bar.reset();
                bar.set_message(file.to_string());
                bar.set_length(size);
                bar.set_position(done);
            }
            hub::Event::Bytes(done) => bar.set_position(done),
            hub::Event::Done { file, size, cached } => {
                let how = if cached { "already there" } else { "downloaded, checked" };
                bar.suspend(|| eprintln!("  {file}: {size} bytes, {how}"));
            }
        };
        let result = hub.fetch(model.repo, model.revision, &mut on_event);
        bar.finish_and_clear();
        match result {
            Ok(snapshot) => writeln!(io::stdout().lock(), "{from}-{to}\t{}", snapshot.display())?,
            Err(err) => {
                eprintln!("abrege: {}: {err}", model.repo);
                outcome = Outcome::SomeFailed;
            }
        }
    }
    Ok(outcome)
}
