// Browser-side help for the experience editor. Blazor handles dragstart and drop of variants; this accepts the drag
// over drop zones and lights the one under the pointer (no round trip per pointer move), gives the drag a payload
// (Firefox will not start a drag without one), and inserts merge fields and blocks where the caret was in the HTML
// body, in the visual editor or its source view, although the marketer clicked a menu since.

export function attach(root) {
    let over = null;
    let caret = null; // last selection inside the visual editor, kept while focus is on a menu
    const light = zone => {
        if (over === zone) return;
        over?.classList.remove("variant-drop--over");
        over = zone;
        over?.classList.add("variant-drop--over");
    };
    const onDragStart = e => {
        const source = e.target.closest?.("[draggable=true]");
        if (!source || !root.contains(source)) return;
        e.dataTransfer.setData("text/plain", source.dataset.dragLabel ?? "");
        e.dataTransfer.effectAllowed = "move";
        root.classList.add("experience-editor--dragging");
    };
    const onDragOver = e => {
        const zone = e.target.closest?.("[data-variant-drop]");
        const allowed = zone && root.contains(zone);
        if (allowed) e.preventDefault(); // a drop is welcome here
        light(allowed ? zone : null);
    };
    const onDragEnd = () => {
        light(null);
        root.classList.remove("experience-editor--dragging");
    };
    const onSelection = () => {
        const selection = document.getSelection();
        if (!selection || selection.rangeCount === 0) return;
        const range = selection.getRangeAt(0);
        const content = root.querySelector(".rz-html-editor-content");
        if (content && content.contains(range.commonAncestorContainer)) caret = range.cloneRange();
    };

    document.addEventListener("dragstart", onDragStart);
    document.addEventListener("dragover", onDragOver);
    document.addEventListener("drop", onDragEnd);
    document.addEventListener("dragend", onDragEnd);
    document.addEventListener("selectionchange", onSelection);
    root.dataset.editorReady = "true"; // tests wait for this before dragging
    return {
        /// Source view: inserts the text at the textarea's caret itself and returns true. Visual editor: puts the
        /// caret back where it was (at the end when it never was inside) and returns false, for the editor's own
        /// InsertHtml command to insert there.
        insertOrRestore(text) {
            const source = root.querySelector("textarea.rz-html-editor-source, .rz-html-editor-source textarea");
            if (source && source.offsetParent !== null) {
                const start = source.selectionStart ?? source.value.length;
                const end = source.selectionEnd ?? start;
                source.focus();
                source.setRangeText(text, start, end, "end");
                source.dispatchEvent(new Event("input", { bubbles: true }));
                source.dispatchEvent(new Event("change", { bubbles: true }));
                return true;
            }
            const content = root.querySelector(".rz-html-editor-content");
            if (!content) return false;
            content.focus();
            const selection = document.getSelection();
            let range = caret && content.contains(caret.commonAncestorContainer) ? caret : null;
            if (!range) {
                range = document.createRange();
                range.selectNodeContents(content);
                range.collapse(false);
            }
            selection.removeAllRanges();
            selection.addRange(range);
            return false;
        },
        dispose() {
            document.removeEventListener("dragstart", onDragStart);
            document.removeEventListener("dragover", onDragOver);
            document.removeEventListener("drop", onDragEnd);
            document.removeEventListener("dragend", onDragEnd);
            document.removeEventListener("selectionchange", onSelection);
        },
    };
}
