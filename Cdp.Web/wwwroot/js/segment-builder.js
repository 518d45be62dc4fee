// Browser-side help for the segment builder. Blazor handles dragstart and drop; this does what must happen in
// the browser without a round trip: giving the drag a payload (Firefox will not start a drag without one),
// accepting the drag over allowed drop zones and lighting the one under the pointer, Ctrl+Z / Ctrl+Y outside
// text fields, and "/" to jump to the field search.

export function attach(root, dotnet) {
    let over = null;
    const light = zone => {
        if (over === zone) return;
        over?.classList.remove("drop-zone--over");
        over = zone;
        over?.classList.add("drop-zone--over");
    };
    const onDragStart = e => {
        const source = e.target.closest?.("[draggable=true]");
        if (!source || !root.contains(source)) return;
        e.dataTransfer.setData("text/plain", source.dataset.dragLabel ?? "");
        e.dataTransfer.effectAllowed = "copyMove";
        root.classList.add("builder--dragging");
    };
    const onDragOver = e => {
        const zone = e.target.closest?.("[data-drop]");
        const allowed = zone && root.contains(zone) && zone.dataset.drop === "allowed";
        if (allowed) e.preventDefault(); // tells the browser a drop is welcome here
        light(allowed ? zone : null);
    };
    const onDragEnd = () => {
        light(null);
        root.classList.remove("builder--dragging");
    };
    const onKeyDown = e => {
        if (e.target.closest?.("input, textarea, [contenteditable=true]")) return; // their own undo and typing
        if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey) {
            e.preventDefault();
            root.querySelector("[data-testid=palette-search]")?.focus();
            return;
        }
        if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
        const key = e.key.toLowerCase();
        const action = key === "z" && !e.shiftKey ? "Undo" : key === "y" || (key === "z" && e.shiftKey) ? "Redo" : null;
        if (!action) return;
        e.preventDefault();
        dotnet.invokeMethodAsync(action);
    };

    document.addEventListener("dragstart", onDragStart);
    document.addEventListener("dragover", onDragOver);
    document.addEventListener("drop", onDragEnd);
    document.addEventListener("dragend", onDragEnd);
    document.addEventListener("keydown", onKeyDown);
    root.dataset.builderReady = "true"; // tests and scripts wait for this before using shortcuts
    return {
        dispose() {
            document.removeEventListener("dragstart", onDragStart);
            document.removeEventListener("dragover", onDragOver);
            document.removeEventListener("drop", onDragEnd);
            document.removeEventListener("dragend", onDragEnd);
            document.removeEventListener("keydown", onKeyDown);
        },
    };
}

/// Keeps the keyboard on a node after it moved in the tree (moving an element in the DOM drops its focus).
export function focusHandle(root, nodeId) {
    root.querySelector(`[data-node-id="${CSS.escape(nodeId)}"] .drag-handle`)?.focus();
}

// The first thing to fill in a new condition: its value (the second line of the row), else its comparison.
export function focusValue(root, nodeId) {
    const row = root.querySelector(`[data-node-id="${CSS.escape(nodeId)}"]`);
    const focusable = 'input:not([type=hidden]):not([disabled]), textarea, [tabindex="0"]';
    (row?.querySelector(`.rule-row__line + .rule-row__line :is(${focusable})`) ?? row?.querySelector('[data-testid=operator]'))?.focus();
}
