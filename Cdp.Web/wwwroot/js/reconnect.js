// Buttons of the reconnect dialog (Components/Layout/ReconnectModal.razor).
document.addEventListener('click', event => {
    const action = event.target.closest('[data-reconnect]')?.dataset.reconnect;
    if (action === 'retry') {
        Blazor.reconnect().then(resumed => { if (!resumed) location.reload(); });
    } else if (action === 'reload') {
        location.reload();
    }
});
