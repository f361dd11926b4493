package dev.smartparking.simulator.realistic;

/**
 * A lot's gateway, counting by status or by bay: it plays one lot's model over a mobile uplink, so
 * its link can drop out.
 */
public abstract class LotGateway implements SimulatedDevice {

  protected final LotModel model;
  protected final DeviceLink link;

  protected LotGateway(LotModel model, DeviceLink link) {
    this.model = model;
    this.link = link;
  }

  @Override
  public DeviceLink link() {
    return link;
  }

  @Override
  public boolean dropsOut() {
    return true;
  }

  public LotModel model() {
    return model;
  }
}
