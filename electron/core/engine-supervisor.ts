// Placeholder replaced in the engine work (issue #2): see the interface described there.
export {};
