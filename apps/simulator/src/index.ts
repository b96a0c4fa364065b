/**
 * @vesselwatch/simulator: a seeded, deterministic Vietnamese fishing fleet that reports like real VMS
 * terminals (NAF), for the all-in-one system and for tests. See docs/simulator.md.
 */
export { BOUNDARY_TARGETS, type BoundaryTarget } from './boundary-targets';
export {
  DEFAULT_FLEET_SHARES,
  generateFleet,
  type Behaviour,
  type FleetShares,
  type SimVessel,
} from './fleet';
export { vietnameseFishingPorts, type Port } from './ports';
export { fleetRegistrations, fleetVessels, type SimTerminalRegistration } from './registry';
export { SimulatorRunner, type NafSink, type SimulatorRunConfig, type SimulatorStatus } from './runner';
export { DEFAULT_SIMULATION, Simulation, type SimulatedReport, type SimulationConfig } from './simulation';
