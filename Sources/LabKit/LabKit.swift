// LabKit: see DESIGN.md
