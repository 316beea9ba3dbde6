export * from '../../bench/slack-requests';
