export * from '../../bench/fake-slack';
