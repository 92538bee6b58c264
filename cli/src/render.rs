//! `crosspay render qr|barcode`, and the `--render` flag of `wallet qr`, `wallet numeric` and
//! `merchant-qr encode`: SVG (for files and pages) or terminal text (Unicode blocks).

use crate::output::Failure;
use clap::{Args, Subcommand, ValueEnum};
use crosspay_core::{barcode_svg, barcode_terminal, qr_svg, qr_terminal, EcLevel, QrOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum RenderCommand {
    /// Draw any payload as a QR code.
    Qr(QrArgs),
    /// Draw a numeric code (an even number of digits) as a Code 128 barcode.
    Barcode(BarcodeArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An SVG document.
    Svg,
    /// Unicode blocks for a dark terminal.
    Terminal,
}

/// Where a rendering goes: stdout, or `--out FILE` (replaced atomically).
#[derive(Args)]
pub struct Output {
    #[arg(long, value_enum, default_value = "svg")]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct QrArgs {
    /// Error correction: L, M, Q or H.
    #[arg(long, default_value = "M", value_parser = parse_ec)]
    ec: EcLevel,
    /// The smallest QR version to use (1-40).
    #[arg(long)]
    min_version: Option<u8>,
    /// Light modules around the symbol (default 4).
    #[arg(long)]
    quiet_zone: Option<u32>,
    #[command(flatten)]
    output: Output,
    /// The payload (quote it in the shell).
    #[arg(allow_hyphen_values = true)]
    payload: String,
}

#[derive(Args)]
pub struct BarcodeArgs {
    #[command(flatten)]
    output: Output,
    /// The digits (e.g. an 18-digit numeric payment code).
    code: String,
}

fn parse_ec(s: &str) -> Result<EcLevel, String> {
    s.parse::<EcLevel>().map_err(|e| e.to_string())
}

/// Prints what a command made: with `--json` its JSON (plus the drawing as `svg` or `terminal`),
/// else the drawing when `--render` asked for one, else the plain text.
pub fn print_made(json: bool, mut value: serde_json::Value, text: &str, drawn: Option<(Format, String)>) -> Result<(), Failure> {
    match (json, drawn) {
        (true, drawn) => {
            if let Some((format, drawing)) = drawn {
                value[match format {
                    Format::Svg => "svg",
                    Format::Terminal => "terminal",
                }] = drawing.into();
            }
            crate::output::print_json(&value)
        }
        (false, Some((_, drawing))) => {
            print!("{drawing}");
            Ok(())
        }
        (false, None) => {
            println!("{text}");
            Ok(())
        }
    }
}

/// A QR code of `payload` in `format`, with default options.
pub fn qr(payload: &str, format: Format) -> Result<String, Failure> {
    draw_qr(payload, &QrOptions::default(), format)
}

fn draw_qr(payload: &str, options: &QrOptions, format: Format) -> Result<String, Failure> {
    Ok(match format {
        Format::Svg => qr_svg(payload, options)?,
        Format::Terminal => qr_terminal(payload, options)?,
    })
}

/// A Code 128 barcode of `digits` in `format`.
pub fn barcode(digits: &str, format: Format) -> Result<String, Failure> {
    Ok(match format {
        Format::Svg => barcode_svg(digits)?,
        Format::Terminal => barcode_terminal(digits)?,
    })
}

fn emit(output: &Output, text: &str) -> Result<ExitCode, Failure> {
    match &output.out {
        Some(path) => crate::files::replace(path, text, crate::files::Access::Public)?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(command: RenderCommand) -> Result<ExitCode, Failure> {
    match command {
        RenderCommand::Qr(args) => {
            let options = QrOptions { ec_level: Some(args.ec), min_version: args.min_version, quiet_zone: args.quiet_zone };
            emit(&args.output, &draw_qr(&args.payload, &options, args.output.format)?)
        }
        RenderCommand::Barcode(args) => emit(&args.output, &barcode(args.code.trim(), args.output.format)?),
    }
}
