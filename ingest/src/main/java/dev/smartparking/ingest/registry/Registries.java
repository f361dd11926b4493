package dev.smartparking.ingest.registry;

/** The registry caches a listener needs: devices (credentials, bindings), lots (counting, bays) and cover ids. */
public record Registries(DeviceRegistry devices, LotRegistry lots, CoverRegistry covers) {}
