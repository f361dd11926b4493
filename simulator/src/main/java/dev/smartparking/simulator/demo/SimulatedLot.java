package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.device.LotGateway;

/** A lot's simulated occupancy and the gateway that reports it. */
public record SimulatedLot(LotOccupancy occupancy, LotGateway gateway) {}
