package dev.smartparking.ingest.registry;

/** The registry caches a listener needs: devices (credentials, bindings) and lots (counting, bays). */
public record Registries(DeviceRegistry devices, LotRegistry lots) {}
