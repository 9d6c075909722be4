//! A horizontal bar chart drawn as SVG on the server: readable without JavaScript; every figure is
//! also in the chart's text alternative (`aria-label` and `<title>`), and printed beside its bar.

use leptos::prelude::*;

#[component]
pub fn BarChart(title: String, bars: Vec<(String, i64)>) -> impl IntoView {
    let max = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let row_height = 34;
    let height = (bars.len() as i32 * row_height).max(row_height);
    let summary = bars.iter().map(|(label, n)| format!("{label}: {n}")).collect::<Vec<_>>().join("、");
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i as i32 * row_height;
            let width = (*n as f64 / max as f64 * 300.0).round() as i32;
            view! {
                <g>
                    <text x="0" y=y + 22 class="chart-label">{label.clone()}</text>
                    <rect x="190" y=y + 6 width=width.max(1) height="22" rx="3" class="chart-bar"></rect>
                    <text x=196 + width y=y + 22 class="chart-value">{n.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 560 {height}") width="100%" role="img" aria-label=format!("{title}: {summary}")>
                <title>{format!("{title}: {summary}")}</title>
                {rows}
            </svg>
        </figure>
    }
}
