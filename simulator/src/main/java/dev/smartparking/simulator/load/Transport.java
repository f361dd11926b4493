package dev.smartparking.simulator.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The socket transport: native epoll where it loads (fewer copies and system calls), else Java NIO. */
public record Transport(String name, IoHandlerFactory handlers, Class<? extends SocketChannel> channelClass) {

  public static Transport best() {
    if (Epoll.isAvailable()) {
      return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
    }
    return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
  }

  /**
   * Socket options only this transport has. With epoll, binding a source address leaves the port
   * to connect(): bind(address, 0) searches the port table on every call, which slowed 19,000
   * connects from one address from 4,500/s to 650/s as the table filled.
   */
  public Bootstrap configure(Bootstrap bootstrap) {
    if (channelClass == EpollSocketChannel.class) {
      bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
    return bootstrap;
  }
}
