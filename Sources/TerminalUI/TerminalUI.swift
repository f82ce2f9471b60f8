// TerminalUI: see DESIGN.md
