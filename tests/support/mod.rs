pub mod folder;
